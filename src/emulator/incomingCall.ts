import type { IncomingMessage } from 'node:http';
import { MAX_BODY_BYTES } from './ArmRequestHandler';

/** Splits a request target without URL(): `//subscriptions/...` would parse as a host name. */
export function splitTarget(target: string): { path: string; query: URLSearchParams } {
  const queryStart = target.indexOf('?');
  const rawPath = queryStart < 0 ? target : target.slice(0, queryStart);
  const query = new URLSearchParams(queryStart < 0 ? '' : target.slice(queryStart + 1));
  return { path: `/${rawPath.replace(/^\/+/, '')}`, query };
}

/** Reads the whole body; beyond the limit it keeps counting but stops storing. */
export function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => {
      // An oversized body is passed on as just over the limit, which the handler answers with 413.
      resolve(size > MAX_BODY_BYTES ? Buffer.alloc(MAX_BODY_BYTES + 1) : Buffer.concat(chunks));
    });
    request.on('error', reject);
  });
}
