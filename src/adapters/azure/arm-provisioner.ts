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
import type { RoleGrant } from '../../core/role-grants';
import { ArmDiagnostics } from './arm-diagnostics';
import { byProvisioningState, watchOperation } from './arm-operation';
import { ArmRoleAssigner } from './arm-role-assigner';
import { clientOptions, workspaceId, type ArmTarget } from './arm-target';
import { call, readIfExists } from './azure-errors';

/** New workspace gateways are Premium: the only workspace gateway tier that supports VNets. */
export const NEW_GATEWAY_SKU = 'WorkspaceGatewayPremium';

const VIRTUAL_NETWORK_TYPE = { public: 'None', vnet_integration: 'External', vnet_injection: 'Internal' } as const;

/**
 * Provisioning through the Azure SDK, one ARM call (or one poll) per method call where it can.
 * The SDK does not retry here: every error goes back to the core, which waits in the store.
 */
export class ArmProvisioner implements AzureProvisioner {
  private readonly client: ApiManagementClient;
  private readonly roles: ArmRoleAssigner;
  private readonly diagnostics: ArmDiagnostics;
  private location?: string;

  constructor(private readonly target: ArmTarget) {
    const options = clientOptions(target, { retries: false });
    this.client = new ApiManagementClient(target.credential, target.subscriptionId, options);
    this.roles = new ArmRoleAssigner(target);
    this.diagnostics = new ArmDiagnostics(target);
  }

  async findWorkspace(name: string): Promise<{ resourceId: string } | undefined> {
    const { resourceGroup, serviceName } = this.target;
    const found = await readIfExists(() => this.client.workspace.get(resourceGroup, serviceName, name));
    return found ? { resourceId: found.id ?? workspaceId(this.target, name) } : undefined;
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
    return (await readIfExists(() => this.client.apiGateway.get(this.target.resourceGroup, name))) !== undefined;
  }

  async beginGateway(gateway: NewGateway): Promise<OperationState> {
    const body: ApiManagementGatewayResource = {
      location: await this.serviceLocation(),
      sku: { name: NEW_GATEWAY_SKU, capacity: gateway.units },
      virtualNetworkType: VIRTUAL_NETWORK_TYPE[gateway.network],
      ...(gateway.subnetId ? { backend: { subnet: { id: gateway.subnetId } } } : {}),
    };
    return watchOperation(
      (options) => this.client.apiGateway.beginCreateOrUpdate(this.target.resourceGroup, gateway.name, body, options),
      { afterPut: true },
    );
  }

  async resumeGateway(name: string, token: string): Promise<OperationState> {
    if (token === TRACK_BY_READING) {
      const gateway = await call(() => this.client.apiGateway.get(this.target.resourceGroup, name));
      return byProvisioningState(gateway.provisioningState, `Gateway ${name}`);
    }
    // With resumeFrom the SDK sends no PUT: it restores the saved poller and polls once.
    const resumeFrom = { resumeFrom: token };
    const noBody = {} as ApiManagementGatewayResource;
    return watchOperation(
      (options) => this.client.apiGateway.beginCreateOrUpdate(this.target.resourceGroup, name, noBody, { ...options, ...resumeFrom }),
      { afterPut: false },
    );
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
    const read = () => this.client.apiGatewayConfigConnection.get(this.target.resourceGroup, gatewayName, connectionName);
    return (await readIfExists(read)) !== undefined;
  }

  async beginAssociation(gatewayName: string, connectionName: string, workspaceName: string): Promise<OperationState> {
    const { resourceGroup } = this.target;
    const body = { sourceId: workspaceId(this.target, workspaceName) };
    const connections = this.client.apiGatewayConfigConnection;
    return watchOperation(
      (options) => connections.beginCreateOrUpdate(resourceGroup, gatewayName, connectionName, body, options),
      { afterPut: true, describe: (connection) => connection?.defaultHostname },
    );
  }

  async resumeAssociation(gatewayName: string, connectionName: string, token: string): Promise<OperationState> {
    const { resourceGroup } = this.target;
    const connections = this.client.apiGatewayConfigConnection;
    if (token === TRACK_BY_READING) {
      const connection = await call(() => connections.get(resourceGroup, gatewayName, connectionName));
      const what = `The link to gateway ${gatewayName}`;
      return byProvisioningState(connection.provisioningState, what, connection.defaultHostname);
    }
    const resumeFrom = { resumeFrom: token };
    return watchOperation(
      (options) => connections.beginCreateOrUpdate(resourceGroup, gatewayName, connectionName, {}, { ...options, ...resumeFrom }),
      { afterPut: false, describe: (connection) => connection?.defaultHostname },
    );
  }

  assignRole(grant: RoleGrant): Promise<void> {
    return this.roles.assign(grant);
  }

  roleAssignmentExists(grant: RoleGrant): Promise<boolean> {
    return this.roles.exists(grant);
  }

  ensureServiceGatewayLogs(preferred: string | undefined, fallback: string | undefined): Promise<string> {
    return this.diagnostics.ensureServiceGatewayLogs(preferred, fallback);
  }

  ensureWorkspaceGatewayLogs(workspaceName: string, destination: string, checkFirst: boolean): Promise<void> {
    return this.diagnostics.ensureWorkspaceGatewayLogs(workspaceName, destination, checkFirst);
  }

  portalUrl(workspaceName: string): string {
    return `https://portal.azure.com/#resource${workspaceId(this.target, workspaceName)}`;
  }

  private async connectionSources(gatewayName: string): Promise<string[]> {
    return call(async () => {
      const sources: string[] = [];
      const pages = this.client.apiGatewayConfigConnection.listByGateway(this.target.resourceGroup, gatewayName);
      for await (const connection of pages) if (connection.sourceId) sources.push(connection.sourceId);
      return sources;
    });
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
