import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import type { ArmResponse } from './armHttp';
import type { EmulatorState } from './EmulatorState';
import type { InMemoryFaultController } from './FaultController';
import type { PrincipalKind } from './types';

export const CONTROL_PREFIX = '/_emulator/';

const responseFault = z.object({
  method: z.string().optional(),
  path: z.string().min(1),
  count: z.number().int().positive().optional(),
  status: z.number().int().min(100).max(599),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.unknown().optional(),
});
const operationFailure = z.object({
  path: z.string().min(1),
  method: z.string().optional(),
  code: z.string().min(1),
  message: z.string().min(1),
});
const throttling = z.object({ enabled: z.boolean() });
const latency = z.object({ ms: z.number().int().min(0) });
const principal = z.object({
  objectId: z.string().uuid(),
  kind: z.enum(['User', 'Group', 'ServicePrincipal']),
});

export interface ControlDependencies {
  faults: InMemoryFaultController;
  state(): EmulatorState;
  addPrincipal(objectId: string, kind: PrincipalKind): void;
}

type Action = (body: unknown, dependencies: ControlDependencies) => ArmResponse;

function failure(status: number, code: string, message: string): ArmResponse {
  return { status, body: { error: { code, message } } };
}

function parsed<T>(schema: z.ZodType<T>, body: unknown, apply: (value: T) => void): ArmResponse {
  const result = schema.safeParse(body);
  if (!result.success) {
    return failure(400, 'InvalidControlRequest', z.prettifyError(result.error));
  }
  apply(result.data);
  return { status: 204 };
}

/** Method + path → action. The API is loopback-only and needs no token. */
const ACTIONS: Record<string, Action> = {
  'GET requests': (_, { state }) => ({ status: 200, body: state().requestLog }),
  'GET state': (_, { state }) => ({ status: 200, body: state() }),
  'GET health': () => ({ status: 200, body: { status: 'ok' } }),
  'GET faults': (_, { faults }) => ({ status: 200, body: faults.snapshot() }),
  'POST reset-faults': (_, { faults }) => {
    faults.reset();
    return { status: 204 };
  },
  'POST faults/responses': (body, { faults }) =>
    parsed(responseFault, body, (fault) => faults.injectResponse(fault)),
  'POST faults/operation-failures': (body, { faults }) =>
    parsed(operationFailure, body, (failure) => faults.failOperation(failure)),
  'POST faults/not-found-on-first-poll': (_, { faults }) => {
    faults.notFoundOnFirstPoll();
    return { status: 204 };
  },
  'PUT throttling': (body, { faults }) =>
    parsed(throttling, body, ({ enabled }) => faults.setThrottling(enabled)),
  'PUT latency': (body, { faults }) => parsed(latency, body, ({ ms }) => faults.setLatency(ms)),
  'POST principals': (body, { addPrincipal }) =>
    parsed(principal, body, ({ objectId, kind }) => addPrincipal(objectId, kind)),
};

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export function handleControl(
  request: IncomingMessage,
  path: string,
  rawBody: Buffer,
  dependencies: ControlDependencies,
): ArmResponse {
  if (!LOOPBACK.has(request.socket.remoteAddress ?? '')) {
    return failure(403, 'Forbidden', 'The control API answers loopback callers only.');
  }
  const method = request.method ?? 'GET';
  const action = ACTIONS[`${method} ${path.slice(CONTROL_PREFIX.length).replace(/\/+$/, '')}`];
  if (action === undefined) {
    return failure(404, 'NotFound', `No control endpoint ${method} ${path}.`);
  }
  let body: unknown;
  try {
    body = rawBody.length > 0 ? (JSON.parse(rawBody.toString('utf8')) as unknown) : undefined;
  } catch {
    return failure(400, 'InvalidControlRequest', 'The body is not valid JSON.');
  }
  try {
    return action(body, dependencies);
  } catch (error) {
    return failure(400, 'InvalidControlRequest', String(error));
  }
}
