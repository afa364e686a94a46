import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

export interface BotProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process printed, for diagnosing a failed run. */
  output(): string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** Starts the bot as `npm start` does, in its own process, and waits until it answers. */
export async function startBotProcess(env: Record<string, string>, timeoutMs = 30_000): Promise<BotProcess> {
  const port = env.PORT ?? '3978';
  const child = spawn(process.execPath, ['--disable-warning=DEP0111', '--import', 'tsx', path.join(ROOT, 'src/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let printed = '';
  child.stdout?.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (printed += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const url = `http://127.0.0.1:${port}`;
  await waitUntilUp(url, timeoutMs, () => child.exitCode !== null, () => printed);
  return {
    url,
    child,
    output: () => printed,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

export async function isUp(url: string): Promise<boolean> {
  try {
    const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
    return response.ok;
  } catch {
    return false;
  }
}

async function waitUntilUp(url: string, timeoutMs: number, exited: () => boolean, output: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited()) throw new Error(`The bot exited during start-up:\n${output()}`);
    if (await isUp(url)) return;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`The bot did not answer at ${url} within ${timeoutMs} ms:\n${output()}`);
}
