/** The few calls of the service's HTTP API the bench makes itself. */
import { setTimeout as sleep } from 'node:timers/promises';

export interface BenchTask {
  id: string;
  status: string;
  submitTime: number | null;
  finishTime: number | null;
  imageUrl?: string | null;
  failReason?: string | null;
  properties: { messageId?: string } & Record<string, unknown>;
}

const JSON_HEADERS = { 'content-type': 'application/json' };
/** Submitted and queued are both accepted (codes 1 and 22). */
const ACCEPTED = new Set([1, 22]);
const POLL_MS = 20;

export async function submitImagine(origin: string, prompt: string, notifyHook?: string): Promise<string> {
  const response = await fetch(`${origin}/mj/submit/imagine`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ prompt, notifyHook }) });
  const answer = (await response.json()) as { code: number; description: string; result?: string };
  if (!ACCEPTED.has(answer.code) || !answer.result) throw new Error(`imagine "${prompt}" was refused: ${answer.code} ${answer.description}`);
  return answer.result;
}

export async function listTasks(origin: string, ids: readonly string[]): Promise<BenchTask[]> {
  const response = await fetch(`${origin}/mj/task/list-by-condition`, { method: 'POST', headers: JSON_HEADERS, body: JSON.stringify({ ids }) });
  if (response.status !== 200) throw new Error(`list-by-condition answered ${response.status}`);
  return (await response.json()) as BenchTask[];
}

/** Resolves once the finished task shows its image at the service's own address (re-hosting done). */
export async function waitUntilHosted(origin: string, taskId: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const [task] = await listTasks(origin, [taskId]);
    if (task?.imageUrl?.startsWith(`${origin}/mj/image/`)) return;
    await sleep(POLL_MS);
  }
  throw new Error(`task ${taskId} was not re-hosted within ${timeoutMs} ms`);
}
