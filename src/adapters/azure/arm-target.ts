import type { TokenCredential } from '@azure/core-auth';

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
}

/** Options every Azure SDK client gets, so all of them reach the same endpoint the same way. */
export function clientOptions(target: ArmTarget) {
  return {
    endpoint: target.endpoint,
    credentialScopes: [`${target.endpoint}/.default`],
    // Our own job scheduler waits out longer throttling; the SDK only retries short blips.
    retryOptions: { maxRetries: 2, maxRetryDelayInMs: 10_000 },
    ...(target.caCert ? { tlsOptions: { ca: target.caCert } } : {}),
  };
}

export function serviceId(target: ArmTarget): string {
  const { subscriptionId, resourceGroup, serviceName } = target;
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.ApiManagement/service/${serviceName}`;
}

export function workspaceId(target: ArmTarget, workspaceName: string): string {
  return `${serviceId(target)}/workspaces/${workspaceName}`;
}
