import { badRequest, conflict, validationError } from './ArmError';
import { isObject } from './armHttp';
import type { EmulatorCore } from './EmulatorCore';
import type { ConfigConnectionRecord, GatewayRecord } from './EmulatorState';
import { keyOf } from './EmulatorState';
import { sameLocation } from './regions';
import { sameId } from './resourceIds';

/** Only gateways created after this date can serve several workspaces (arm-contract §5). */
const MULTI_WORKSPACE_SINCE = Date.parse('2025-04-15T00:00:00Z');
const MAX_WORKSPACES_PER_GATEWAY = 30;
const WORKSPACE_ID = new RegExp(
  '^/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.ApiManagement' +
    '/service/([^/]+)/workspaces/([^/]+)$',
  'i',
);

export interface ConnectionInput {
  sourceId: string;
  hostnames: string[] | undefined;
}

export function readConnectionInput(body: unknown): ConnectionInput {
  if (!isObject(body) || !isObject(body.properties)) {
    throw validationError("'properties' is required.");
  }
  const { sourceId, hostnames } = body.properties;
  if (typeof sourceId !== 'string' || sourceId.trim() === '') {
    throw validationError("'properties.sourceId' is required: the id of an API Management workspace.");
  }
  const listed = Array.isArray(hostnames) && hostnames.every((name) => typeof name === 'string');
  if (hostnames !== undefined && hostnames !== null && !listed) {
    throw validationError("'properties.hostnames' must be an array of strings.");
  }
  return { sourceId, hostnames: listed ? (hostnames as string[]) : undefined };
}

export function connectionsOf(core: EmulatorCore, gateway: GatewayRecord) {
  const all: ConfigConnectionRecord[] = Object.values(core.state.configConnections);
  return all.filter((connection) => sameId(connection.gatewayId, gateway.id));
}

/** 409 unless the gateway has finished provisioning. */
export function requireReadyGateway(gateway: GatewayRecord): void {
  if (gateway.provisioningState === 'Succeeded') return;
  throw conflict(
    'GatewayNotReady',
    `Gateway '${gateway.name}' is in state '${gateway.provisioningState}'; it must be Succeeded.`,
  );
}

/**
 * sourceId must name an existing workspace, and the gateway must sit in the primary region of
 * that workspace's API Management instance. Returns the workspace id in its canonical case.
 */
export function checkSource(core: EmulatorCore, gateway: GatewayRecord, sourceId: string): string {
  const parts = WORKSPACE_ID.exec(sourceId);
  if (parts === null) {
    throw badRequest(
      'InvalidSourceId',
      `'${sourceId}' is not the id of a Microsoft.ApiManagement/service/workspaces resource.`,
    );
  }
  const workspace = core.state.workspaces[keyOf(sourceId)];
  if (workspace === undefined) {
    throw badRequest('InvalidSourceId', `Workspace '${sourceId}' was not found.`);
  }
  if (!sameLocation(gateway.location, core.seed.location)) {
    throw badRequest(
      'GatewayLocationMismatch',
      `Gateway '${gateway.name}' is in '${gateway.location}'; it must be in '${core.seed.location}', ` +
        `the primary region of API Management instance '${parts[3] ?? ''}'.`,
    );
  }
  return workspace.id;
}

/** One workspace on gateways created before 2025-04-15, at most 30 on newer ones, one instance. */
export function checkCapacity(
  core: EmulatorCore,
  gateway: GatewayRecord,
  connectionId: string,
  sourceId: string,
): void {
  const others = connectionsOf(core, gateway).filter((other) => !sameId(other.id, connectionId));
  const workspaces = new Set(others.map((connection) => connection.sourceId.toLowerCase()));
  if (workspaces.has(sourceId.toLowerCase())) return;
  const service = sourceId.toLowerCase().split('/workspaces/')[0];
  if ([...workspaces].some((workspace) => !workspace.startsWith(`${service}/`))) {
    throw badRequest(
      'WorkspaceFromAnotherInstance',
      `All workspaces on gateway '${gateway.name}' must belong to one API Management instance.`,
    );
  }
  if (workspaces.size >= 1 && Date.parse(gateway.createdAtUtc) < MULTI_WORKSPACE_SINCE) {
    throw badRequest(
      'GatewayDoesNotSupportMultipleWorkspaces',
      `Gateway '${gateway.name}' was created before 2025-04-15 and can serve only one workspace.`,
    );
  }
  if (workspaces.size >= MAX_WORKSPACES_PER_GATEWAY) {
    throw badRequest(
      'GatewayWorkspaceLimitReached',
      `Gateway '${gateway.name}' already serves ${MAX_WORKSPACES_PER_GATEWAY} workspaces.`,
    );
  }
}
