import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { createLogger } from '../src/logging';

/** The app's own logger at warn level, kept in memory: a benchmark prints figures, not log lines. */
export function quietLogger(): { log: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { log: createLogger('warn', sink), lines };
}
