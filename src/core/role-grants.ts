import { createHash } from 'node:crypto';
import { DomainError } from './errors';
import type { PrincipalType, RequestSpec } from './request';
import { GATEWAY_ROLES, SERVICE_ROLES, WORKSPACE_ROLES } from './roles';

/** Where a role is granted: the APIM service, the new workspace, or the gateway resource. */
export type RoleScope =
  | { kind: 'service' }
  | { kind: 'workspace'; workspaceName: string }
  | { kind: 'gateway'; gatewayName: string };

/** One role assignment the request asks for, in terms people and the adapter both understand. */
export interface RoleGrant {
  scope: RoleScope;
  /** The built-in role definition's GUID; always one of the nine in roles.ts. */
  roleDefinitionId: string;
  roleName: string;
  principalId: string;
  principalType: PrincipalType;
  principalName: string;
}

/**
 * Every role assignment of a request: each member gets a service-scoped and a workspace-scoped
 * role, each gateway manager a role on the gateway. A role outside the nine is refused.
 */
export function roleGrantsFor(spec: RequestSpec): RoleGrant[] {
  const workspace: RoleScope = { kind: 'workspace', workspaceName: spec.workspace.name };
  const grants: RoleGrant[] = [];
  for (const member of spec.members) {
    const who = principal(member);
    grants.push({ scope: { kind: 'service' }, ...allowed(SERVICE_ROLES, member.serviceRole), ...who });
    grants.push({ scope: workspace, ...allowed(WORKSPACE_ROLES, member.workspaceRole), ...who });
  }
  for (const manager of spec.gatewayManagers) {
    const gateway: RoleScope = { kind: 'gateway', gatewayName: spec.gateway.name };
    grants.push({ scope: gateway, ...allowed(GATEWAY_ROLES, manager.role), ...principal(manager) });
  }
  return grants;
}

function principal(who: { principalId: string; principalType: PrincipalType; displayName: string }) {
  return { principalId: who.principalId, principalType: who.principalType, principalName: who.displayName };
}

function allowed(roles: Record<string, { id: string; name: string }>, key: string) {
  const role = Object.hasOwn(roles, key) ? roles[key] : undefined;
  if (!role) {
    const message = `"${key}" is not a role the bot may grant at this scope; nothing was assigned for it.`;
    throw new DomainError('invalid_request', message);
  }
  return { roleDefinitionId: role.id, roleName: role.name };
}

// Fixed namespace for this bot's assignment names, so the same inputs always give the same name.
const NAMESPACE = Buffer.from('3f0b6c1e9a7d4c2b8e5f1a0d7c6b5a49', 'hex');

/**
 * A UUID version 5 (SHA-1, RFC 9562) over `scope|roleDefinitionId|principalId`, compared
 * case-insensitively as ARM does. Repeating an assignment under this name is harmless.
 */
export function roleAssignmentName(scopeId: string, roleDefinitionId: string, principalId: string): string {
  const input = [scopeId, roleDefinitionId, principalId].map((part) => part.toLowerCase()).join('|');
  const bytes = createHash('sha1').update(NAMESPACE).update(input).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** How a grant reads on a card or in a notice. */
export function describeGrant(grant: RoleGrant): string {
  const where =
    grant.scope.kind === 'service'
      ? 'the API Management service'
      : grant.scope.kind === 'workspace'
        ? `workspace ${grant.scope.workspaceName}`
        : `gateway ${grant.scope.gatewayName}`;
  return `${grant.principalName}: ${grant.roleName} on ${where}`;
}
