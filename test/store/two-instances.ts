/** Starts two processes that open one store at the same moment; answers their log lines. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const CHILD = fileURLToPath(new URL('./open-store-child.ts', import.meta.url));

interface Child {
  process: ChildProcess;
  output: string;
  ready: Promise<void>;
}

function startChild(url: string, keyPrefix: string): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, url, keyPrefix], { stdio: ['pipe', 'pipe', 'pipe'] });
  const state: Child = { process: child, output: '', ready: Promise.resolve() };
  state.ready = new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      state.output += chunk.toString();
      if (state.output.startsWith('ready\n')) resolve();
    });
    child.stderr.on('data', (chunk: Buffer) => { state.output += chunk.toString(); });
    child.once('exit', (code) => reject(new Error(`store child exited before it was ready (${code}): ${state.output}`)));
  });
  return state;
}

export interface LogLine {
  msg: string;
  migration?: string;
  store?: string;
}

/** Both children must exit 0; their JSON log lines, one list per child. */
export async function openTwiceAtOnce(url: string, keyPrefix = ''): Promise<LogLine[][]> {
  const children = [startChild(url, keyPrefix), startChild(url, keyPrefix)];
  try {
    await Promise.all(children.map((child) => child.ready));
  } catch (error) {
    for (const child of children) child.process.kill();
    throw error;
  }
  const exits = children.map((child) => once(child.process, 'exit') as Promise<[number | null]>);
  for (const child of children) child.process.stdin?.write('go\n');
  const codes = await Promise.all(exits);
  return children.map((child, i) => {
    if (codes[i]?.[0] !== 0) throw new Error(`store child ${i} failed (${codes[i]?.[0]}): ${child.output}`);
    return child.output.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as LogLine);
  });
}
