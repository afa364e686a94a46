import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { ArmError } from './ArmError';

/** An authenticated ARM request as handlers see it. */
export interface ArmRequest {
  method: string;
  /** Path with leading slashes collapsed (arm-monitor sends `//subscriptions/...`). */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON body, or undefined when there was none. */
  body: unknown;
  principalId: string;
  apiVersion: string | null;
}

export interface ArmResponse {
  status: number;
  headers?: Record<string, string>;
  /** Serialized as JSON; omitted for HEAD and 204. */
  body?: unknown;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}) {
  return { status, body, headers } satisfies ArmResponse;
}

export function errorResponse(error: ArmError, headers: Record<string, string> = {}): ArmResponse {
  return { status: error.status, headers: { ...headers, ...error.headers }, body: error.toBody() };
}

export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Plain object check for request bodies, which arrive as untrusted JSON. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Writes the response: JSON with ARM's tracing headers; no body for HEAD and 204. */
export function send(response: ServerResponse, method: string, outcome: ArmResponse): void {
  const requestId = randomUUID();
  const headers: Record<string, string> = {
    'x-ms-request-id': requestId,
    'x-ms-correlation-request-id': requestId,
    'Cache-Control': 'no-cache',
    ...(outcome.headers ?? {}),
  };
  const withBody = outcome.body !== undefined && method !== 'HEAD' && outcome.status !== 204;
  const payload = withBody ? JSON.stringify(outcome.body) : '';
  if (withBody) headers['Content-Type'] = 'application/json; charset=utf-8';
  headers['Content-Length'] = String(Buffer.byteLength(payload));
  response.writeHead(outcome.status, headers);
  response.end(method === 'HEAD' ? undefined : payload);
}
