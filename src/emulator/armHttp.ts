import type { IncomingHttpHeaders } from 'node:http';

/** An authenticated ARM request as handlers see it. */
export interface ArmRequest {
  method: string;
  /** Path with leading slashes collapsed (arm-monitor sends `//subscriptions/...`), still encoded. */
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

export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Plain object check for request bodies, which arrive as untrusted JSON. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
