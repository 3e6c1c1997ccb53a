/** mj-proxy and the simulator as child processes: started, killed (SIGKILL), stopped, measured. */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { SimulatorInfo } from '../../src/sim/index.js';

export interface Service {
  child: ChildProcess;
  url: string;
  /** The last lines it wrote, for a failure message. */
  output: () => string;
}

const TAIL_CHARS = 4000;

/** `src/main.ts` with this environment; resolves once it listens. Its output is appended to `logFile` when given. */
export function startService(env: Record<string, string>, logFile?: string): Promise<Service> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const log = logFile ? createWriteStream(logFile, { flags: 'a' }) : undefined;
  let output = '';
  const keep = (chunk: Buffer) => {
    log?.write(chunk);
    output = (output + chunk.toString()).slice(-TAIL_CHARS * 4);
  };
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      keep(chunk);
      const address = /"address":"(http:\/\/[^"]+)"/.exec(output)?.[1];
      if (address) resolve({ child, url: address, output: () => output.slice(-TAIL_CHARS) });
    });
    child.stderr?.on('data', keep);
    child.once('exit', (code) => reject(new Error(`mj-proxy exited early (${code}): ${output.slice(-TAIL_CHARS)}`)));
  });
}

/** `src/sim/cli.ts --control`; resolves with the JSON line it prints first. */
export async function startSimulatorProcess(args: string[]): Promise<{ child: ChildProcess; info: SimulatorInfo }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/sim/cli.ts', '--control', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const [first] = (await Promise.race([
    once(lines, 'line'),
    once(child, 'exit').then(([code]) => { throw new Error(`the simulator exited early (${String(code)})`); }),
  ])) as [string];
  lines.close();
  return { child, info: JSON.parse(first) as SimulatorInfo };
}

export async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGKILL');
  await exited;
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

/** Peak resident memory of a process so far (VmHWM), in bytes; 0 where /proc cannot tell. */
export function peakRss(child: ChildProcess): number {
  try {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const kb = /VmHWM:\s+(\d+)\s+kB/.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}
