import { ApiManagementClient } from '@azure/arm-apimanagement';
import { clientOptions, type ArmTarget } from './arm-target';

/** A live read of the APIM instance, for readiness: nothing cached, no retries. */
export function armProbe(target: ArmTarget): () => Promise<void> {
  const client = new ApiManagementClient(target.credential, target.subscriptionId, clientOptions(target, { retries: false }));
  return async () => {
    await client.apiManagementService.get(target.resourceGroup, target.serviceName);
  };
}
