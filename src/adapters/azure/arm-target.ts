import type { TokenCredential } from '@azure/core-auth';
import { armCallPolicy, type ArmCall } from './arm-call-policy';

/** Which APIM instance the bot provisions into, and how it reaches Azure Resource Manager. */
export interface ArmTarget {
  subscriptionId: string;
  resourceGroup: string;
  serviceName: string;
  credential: TokenCredential;
  /** ARM's base URL; the local emulator's URL when running on embedded defaults. */
  endpoint: string;
  /** The emulator's certificate, trusted through the SDK pipeline and nowhere else. */
  caCert?: string;
  /** Told of every HTTP call the clients make: the debug log and the ARM call metrics. */
  onCall?: (call: ArmCall) => void;
}

/**
 * Options every Azure SDK client gets, so all of them reach the same endpoint the same way.
 * `retries: false` is for provisioning: its errors go back to the durable job scheduler, which
 * waits out Retry-After in the store instead of the SDK sleeping in memory.
 */
export function clientOptions(target: ArmTarget, { retries = true }: { retries?: boolean } = {}) {
  return {
    endpoint: target.endpoint,
    credentialScopes: [`${target.endpoint}/.default`],
    // Reads for cards retry short blips in the SDK; anything longer is our scheduler's job.
    retryOptions: retries ? { maxRetries: 2, maxRetryDelayInMs: 10_000 } : { maxRetries: 0 },
    ...(target.caCert ? { tlsOptions: { ca: target.caCert } } : {}),
    ...(target.onCall ? { additionalPolicies: [{ policy: armCallPolicy(target.onCall), position: 'perCall' as const }] } : {}),
  };
}

/** The same for `@azure/arm-monitor`, whose newer client names some options differently. */
export function monitorClientOptions(target: ArmTarget, retries: { retries?: boolean } = {}) {
  const { credentialScopes, ...rest } = clientOptions(target, retries);
  return { ...rest, credentials: { scopes: credentialScopes } };
}

/** A resource id as arm-monitor and arm-authorization want it in their `{+scope}` paths. */
export function withoutLeadingSlash(resourceId: string): string {
  return resourceId.replace(/^\/+/, '');
}

export function serviceId(target: ArmTarget): string {
  const { subscriptionId, resourceGroup, serviceName } = target;
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.ApiManagement/service/${serviceName}`;
}

export function workspaceId(target: ArmTarget, workspaceName: string): string {
  return `${serviceId(target)}/workspaces/${workspaceName}`;
}

export function gatewayId(target: ArmTarget, gatewayName: string): string {
  const { subscriptionId, resourceGroup } = target;
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.ApiManagement/gateways/${gatewayName}`;
}

export function roleDefinitionId(target: ArmTarget, roleGuid: string): string {
  return `/subscriptions/${target.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`;
}
