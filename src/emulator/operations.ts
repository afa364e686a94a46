import { randomUUID } from 'node:crypto';
import { ArmError } from './ArmError';
import type { EmulatorCore } from './EmulatorCore';
import type { OperationKind, OperationRecord } from './EmulatorState';
import { finishOperation } from './operationEffects';
import type { OperationFailure } from './FaultController';
import { isWithin, sameId } from './resourceIds';

export interface OperationStart {
  kind: OperationKind;
  method: 'PUT' | 'PATCH' | 'DELETE';
  resourceId: string;
  gatewayId: string;
  durationMs: number;
}

/** Starts a long-running operation, applying any failure or 404-poll fault arranged for it. */
export function startOperation(core: EmulatorCore, start: OperationStart): OperationRecord {
  const startedAt = core.now();
  const failure = core.faults.takeOperationFailure(start.method, start.resourceId);
  const operation: OperationRecord = {
    id: Buffer.from(`${core.seed.location}:${randomUUID()}`).toString('base64url'),
    kind: start.kind,
    method: start.method,
    resourceId: start.resourceId,
    gatewayId: start.gatewayId,
    startedAt,
    endsAt: startedAt + Math.max(0, start.durationMs),
    notFoundPolls: core.faults.takeNotFoundOnFirstPoll() ? 1 : 0,
    ...(failure ? { failure: { code: failure.code, message: failure.message } } : {}),
  };
  core.state.operations[operation.id] = operation;
  core.changed();
  return operation;
}

/** Applies the effects of every operation whose time has come (the clock may jump). */
export function settleOperations(core: EmulatorCore): void {
  const now = core.now();
  const due = Object.values(core.state.operations)
    .filter((operation) => operation.result === undefined && operation.endsAt <= now)
    .sort((left, right) => left.endsAt - right.endsAt);
  for (const operation of due) {
    operation.result = operation.failure ? 'Failed' : 'Succeeded';
    operation.endedAt = operation.endsAt;
    finishOperation(core, operation);
    core.changed();
  }
}

export function runningOperations(core: EmulatorCore): OperationRecord[] {
  return Object.values(core.state.operations).filter((operation) => !operation.result);
}

/** The running operation on this very resource, if any. */
export function runningOperationOn(core: EmulatorCore, resourceId: string) {
  return runningOperations(core).find((operation) => sameId(operation.resourceId, resourceId));
}

/** Fault hook: makes a running operation on a matching resource end Failed. */
export function failRunningOperation(core: EmulatorCore, failure: OperationFailure): boolean {
  const pattern = new RegExp(failure.path, 'i');
  const method = failure.method?.toUpperCase();
  const target = runningOperations(core).find(
    (operation) =>
      !operation.failure &&
      (method === undefined || method === operation.method) &&
      pattern.test(operation.resourceId),
  );
  if (target === undefined) return false;
  target.failure = { code: failure.code, message: failure.message };
  core.changed();
  return true;
}

/**
 * 409 when an operation runs on the resource, on one of its parents or on one of its children:
 * APIM serializes changes to a gateway and its config connections.
 */
export function refuseWhileBusy(core: EmulatorCore, resourceId: string): void {
  const busy = runningOperations(core).find(
    (operation) =>
      isWithin(resourceId, operation.resourceId) || isWithin(operation.resourceId, resourceId),
  );
  if (busy === undefined) return;
  throw new ArmError(
    409,
    'AnotherOperationInProgress',
    `Cannot modify '${resourceId}' while operation '${busy.kind}' is in progress on ` +
      `'${busy.resourceId}'. Try again when it has completed.`,
  );
}

export function operationUrls(core: EmulatorCore, operation: OperationRecord) {
  const base = `${core.baseUrl}${operation.gatewayId}/operationresults/${operation.id}`;
  return {
    azureAsyncOperation: `${base}?api-version=2024-05-01&asyncResponse`,
    location: `${base}?api-version=2024-05-01`,
  };
}

/** Headers of the first response of an LRO and of Location polls while it runs. */
export function lroHeaders(core: EmulatorCore, operation: OperationRecord) {
  const urls = operationUrls(core, operation);
  return {
    'Azure-AsyncOperation': urls.azureAsyncOperation,
    Location: urls.location,
    'Retry-After': String(core.settings.retryAfterSeconds),
  };
}

/** Fraction of the operation's time that has passed, 0..1. */
export function progressOf(core: EmulatorCore, operation: OperationRecord): number {
  const total = operation.endsAt - operation.startedAt;
  if (total <= 0) return 1;
  return Math.min(1, Math.max(0, (core.now() - operation.startedAt) / total));
}
