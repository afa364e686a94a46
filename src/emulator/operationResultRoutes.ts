import { ArmError } from './ArmError';
import type { ArmResponse } from './armHttp';
import { json } from './armHttp';
import { configConnectionView } from './configConnectionView';
import type { EmulatorCore } from './EmulatorCore';
import type { OperationRecord } from './EmulatorState';
import { keyOf } from './EmulatorState';
import { gatewayView } from './gatewayView';
import { lroHeaders } from './operations';
import { requireResourceGroup } from './parents';
import { defineRoute, type Route, type RouteArguments } from './Router';

const GATEWAY =
  '/subscriptions/{subscription}/resourceGroups/{group}/providers/Microsoft.ApiManagement/gateways/{gateway}';
const ITEM = `${GATEWAY}/operationresults/{operation}`;

function findOperation(core: EmulatorCore, params: Record<string, string>): OperationRecord {
  requireResourceGroup(core, params.subscription ?? '', params.group ?? '');
  const operation = core.state.operations[params.operation ?? ''];
  const gatewayName = operation?.gatewayId.split('/').pop()?.toLowerCase();
  if (operation === undefined || gatewayName !== params.gateway?.toLowerCase()) {
    const message = `Operation '${params.operation ?? ''}' was not found.`;
    throw new ArmError(404, 'OperationNotFound', message);
  }
  if (operation.notFoundPolls > 0) {
    // Fault: the operation status has not reached this ARM region yet.
    operation.notFoundPolls -= 1;
    core.changed();
    throw new ArmError(404, 'OperationNotFound', `Operation '${operation.id}' was not found.`);
  }
  return operation;
}

function isoTime(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

function statusBody(operation: OperationRecord) {
  return {
    id: `${operation.gatewayId}/operationresults/${operation.id}`,
    name: operation.id,
    status: operation.result ?? 'InProgress',
    startTime: isoTime(operation.startedAt),
    ...(operation.endedAt !== undefined ? { endTime: isoTime(operation.endedAt) } : {}),
    ...(operation.result === 'Failed' && operation.failure ? { error: operation.failure } : {}),
    ...(operation.result === undefined ? {} : { percentComplete: 100 }),
  };
}

/** What a finished operation's Location URL answers: the resource, nothing, or the error. */
function finalResponse(core: EmulatorCore, operation: OperationRecord): ArmResponse {
  if (operation.result === 'Failed' && operation.failure) {
    return json(400, { error: { ...operation.failure } });
  }
  if (operation.kind.endsWith('.delete')) return { status: 204 };
  const gateway = core.state.gateways[keyOf(operation.resourceId)];
  if (gateway) return json(200, gatewayView(core, gateway));
  const connection = core.state.configConnections[keyOf(operation.resourceId)];
  return connection ? json(200, configConnectionView(core, connection)) : { status: 204 };
}

/**
 * One URL serves both polling styles: with `asyncResponse` it is the Azure-AsyncOperation status
 * (always 200 with a `status`), without it the Location URL (202 while running).
 */
function poll({ core, request, params }: RouteArguments): ArmResponse {
  const operation = findOperation(core, params);
  const retryAfter = { 'Retry-After': String(core.settings.retryAfterSeconds) };
  if (request.query.has('asyncResponse')) {
    return json(200, statusBody(operation), operation.result ? {} : retryAfter);
  }
  if (operation.result === undefined) return { status: 202, headers: lroHeaders(core, operation) };
  return finalResponse(core, operation);
}

export const OPERATION_RESULT_ROUTES: readonly Route[] = [
  defineRoute('GET', ITEM, 'operations.get', 'apiManagement', poll),
];
