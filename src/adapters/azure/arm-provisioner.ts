import { ApiManagementClient, type ApiManagementGatewayResource } from '@azure/arm-apimanagement';
import {
  AzureError,
  TRACK_BY_READING,
  type AzureProvisioner,
  type NewGateway,
  type OperationState,
} from '../../core/azure';
import { gatewayIneligibility } from '../../core/inventory';
import type { WorkspaceSpec } from '../../core/request';
import { toAzureError } from './azure-errors';
import { clientOptions, workspaceId, type ArmTarget } from './arm-target';

/** New workspace gateways are Premium: the only workspace gateway tier that supports VNets. */
export const NEW_GATEWAY_SKU = 'WorkspaceGatewayPremium';

const VIRTUAL_NETWORK_TYPE = { public: 'None', vnet_integration: 'External', vnet_injection: 'Internal' } as const;

/** Provisioning through `@azure/arm-apimanagement`, one ARM call (or poll) per method call. */
export class ArmProvisioner implements AzureProvisioner {
  private readonly client: ApiManagementClient;
  private location?: string;

  constructor(private readonly target: ArmTarget) {
    this.client = new ApiManagementClient(target.credential, target.subscriptionId, clientOptions(target));
  }

  async ensureWorkspace(workspace: WorkspaceSpec): Promise<{ resourceId: string }> {
    const { resourceGroup, serviceName } = this.target;
    const result = await call(() =>
      this.client.workspace.createOrUpdate(resourceGroup, serviceName, workspace.name, {
        displayName: workspace.displayName,
        description: workspace.description || undefined,
      }),
    );
    return { resourceId: result.id ?? workspaceId(this.target, workspace.name) };
  }

  async gatewayExists(name: string): Promise<boolean> {
    return exists(() => this.client.apiGateway.get(this.target.resourceGroup, name));
  }

  async beginGateway(gateway: NewGateway): Promise<OperationState> {
    const body: ApiManagementGatewayResource = {
      location: await this.serviceLocation(),
      sku: { name: NEW_GATEWAY_SKU, capacity: gateway.units },
      virtualNetworkType: VIRTUAL_NETWORK_TYPE[gateway.network],
      ...(gateway.subnetId ? { backend: { subnet: { id: gateway.subnetId } } } : {}),
    };
    return call(async () => {
      const poller = await this.client.apiGateway.beginCreateOrUpdate(this.target.resourceGroup, gateway.name, body);
      return { done: poller.isDone(), token: poller.toString() };
    });
  }

  async resumeGateway(name: string, token: string): Promise<OperationState> {
    if (token === TRACK_BY_READING) {
      const gateway = await call(() => this.client.apiGateway.get(this.target.resourceGroup, name));
      return byProvisioningState(gateway.provisioningState, `Gateway ${name}`);
    }
    return call(async () => {
      // With resumeFrom the SDK sends no PUT: it restores the saved poller and polls once.
      const poller = await this.client.apiGateway.beginCreateOrUpdate(
        this.target.resourceGroup,
        name,
        {} as ApiManagementGatewayResource,
        { resumeFrom: token },
      );
      return { done: poller.isDone(), token: poller.toString() };
    });
  }

  async checkExistingGateway(name: string, workspaceName: string): Promise<void> {
    const { resourceGroup } = this.target;
    const gateway = await call(() => this.client.apiGateway.get(resourceGroup, name));
    const sources = await this.connectionSources(name);
    if (sources.some((id) => id.toLowerCase().endsWith(`/workspaces/${workspaceName.toLowerCase()}`))) return;

    const reason = gatewayIneligibility({
      name,
      sku: gateway.sku.name,
      units: gateway.sku.capacity ?? 0,
      createdAt: gateway.createdAtUtc?.toISOString() ?? '',
      workspaceCount: sources.length,
    });
    if (reason) throw new AzureError(`Gateway ${name} ${reason}.`, 'GatewayNotEligible', 409, false);
  }

  async associationExists(gatewayName: string, connectionName: string): Promise<boolean> {
    return exists(() =>
      this.client.apiGatewayConfigConnection.get(this.target.resourceGroup, gatewayName, connectionName),
    );
  }

  async beginAssociation(gatewayName: string, connectionName: string, workspaceName: string): Promise<OperationState> {
    const sourceId = workspaceId(this.target, workspaceName);
    return call(async () => {
      const poller = await this.client.apiGatewayConfigConnection.beginCreateOrUpdate(
        this.target.resourceGroup,
        gatewayName,
        connectionName,
        { sourceId },
      );
      return { done: poller.isDone(), token: poller.toString() };
    });
  }

  async resumeAssociation(gatewayName: string, connectionName: string, token: string): Promise<OperationState> {
    const { resourceGroup } = this.target;
    if (token === TRACK_BY_READING) {
      const connection = await call(() =>
        this.client.apiGatewayConfigConnection.get(resourceGroup, gatewayName, connectionName),
      );
      return byProvisioningState(connection.provisioningState, `The link to gateway ${gatewayName}`);
    }
    return call(async () => {
      const poller = await this.client.apiGatewayConfigConnection.beginCreateOrUpdate(
        resourceGroup,
        gatewayName,
        connectionName,
        {},
        { resumeFrom: token },
      );
      return { done: poller.isDone(), token: poller.toString() };
    });
  }

  async runtimeHostname(gatewayName: string, connectionName: string): Promise<string> {
    const connection = await call(() =>
      this.client.apiGatewayConfigConnection.get(this.target.resourceGroup, gatewayName, connectionName),
    );
    return connection.defaultHostname ?? '';
  }

  portalUrl(workspaceName: string): string {
    return `https://portal.azure.com/#resource${workspaceId(this.target, workspaceName)}`;
  }

  private async connectionSources(gatewayName: string): Promise<string[]> {
    const sources: string[] = [];
    const pages = this.client.apiGatewayConfigConnection.listByGateway(this.target.resourceGroup, gatewayName);
    for await (const connection of pages) if (connection.sourceId) sources.push(connection.sourceId);
    return sources;
  }

  private async serviceLocation(): Promise<string> {
    if (!this.location) {
      const { resourceGroup, serviceName } = this.target;
      const service = await call(() => this.client.apiManagementService.get(resourceGroup, serviceName));
      this.location = service.location;
    }
    return this.location;
  }
}

function byProvisioningState(state: string | undefined, what: string): OperationState {
  if (state === 'Failed') throw new AzureError(`${what} ended in the Failed state.`, 'ProvisioningFailed', 200, false);
  return { done: state === 'Succeeded', token: TRACK_BY_READING };
}

async function call<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    throw toAzureError(error);
  }
}

async function exists(read: () => Promise<unknown>): Promise<boolean> {
  try {
    await read();
    return true;
  } catch (error) {
    const azureError = toAzureError(error);
    if (azureError.status === 404) return false;
    throw azureError;
  }
}
