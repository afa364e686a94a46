import { ApiManagementClient } from '@azure/arm-apimanagement';
import { MonitorClient, type DiagnosticSettingsResource } from '@azure/arm-monitor';
import { NetworkManagementClient } from '@azure/arm-network';
import { OperationalInsightsManagementClient } from '@azure/arm-operationalinsights';
import {
  gatewayIneligibility,
  type AzureInventory,
  type GatewayOption,
  type LogAnalyticsOption,
  type SubnetOption,
  type UnitRange,
} from '../../core/inventory';
import { NEW_GATEWAY_SKU } from './arm-provisioner';
import { ShortCache } from './short-cache';
import {
  clientOptions,
  monitorClientOptions,
  serviceId,
  withoutLeadingSlash,
  type ArmTarget,
} from './arm-target';

export interface InventoryCaching {
  /** How long the unit range, the Log Analytics workspaces and the service's log destination are kept. */
  slowReadsMs?: number;
  /** How long gateways, workspace names and subnets are kept: long enough to share one read. */
  freshReadsMs?: number;
}

/**
 * Every form and every submission reads the inventory, and ARM throttles reads per principal:
 * a burst of submissions must not become a burst of reads. What rarely changes is kept a
 * minute. What validation decides on is kept seconds, so that concurrent forms share one read;
 * provisioning checks gateways again, and a workspace name is only taken once it is created.
 */
const DEFAULT_CACHING: Required<InventoryCaching> = { slowReadsMs: 60_000, freshReadsMs: 5_000 };

/**
 * Reads the choices a request can make from Azure: gateways, workspaces, subnets, unit ranges
 * and where gateway logs can go.
 */
export class ArmInventory implements AzureInventory {
  private readonly apim: ApiManagementClient;
  private readonly network: NetworkManagementClient;
  private readonly logAnalytics: OperationalInsightsManagementClient;
  private readonly monitor: MonitorClient;
  private readonly units: ShortCache<UnitRange>;
  private readonly logWorkspaces: ShortCache<LogAnalyticsOption[]>;
  private readonly logDestination: ShortCache<string>;
  private readonly gateways: ShortCache<GatewayOption[]>;
  private readonly workspaceNames: ShortCache<string[]>;
  private readonly subnets: ShortCache<SubnetOption[]>;
  /** An APIM instance never moves. */
  private readonly location = new ShortCache<string>(Infinity);

  constructor(
    private readonly target: ArmTarget,
    caching: InventoryCaching = {},
  ) {
    const { slowReadsMs, freshReadsMs } = { ...DEFAULT_CACHING, ...caching };
    this.units = new ShortCache(slowReadsMs);
    this.logWorkspaces = new ShortCache(slowReadsMs);
    this.logDestination = new ShortCache(slowReadsMs);
    this.gateways = new ShortCache(freshReadsMs);
    this.workspaceNames = new ShortCache(freshReadsMs);
    this.subnets = new ShortCache(freshReadsMs);
    this.apim = new ApiManagementClient(target.credential, target.subscriptionId, clientOptions(target));
    this.network = new NetworkManagementClient(target.credential, target.subscriptionId, clientOptions(target));
    const options = clientOptions(target);
    this.logAnalytics = new OperationalInsightsManagementClient(target.credential, target.subscriptionId, options);
    this.monitor = new MonitorClient(target.credential, target.subscriptionId, monitorClientOptions(target));
  }

  serviceLocation(): Promise<string> {
    return this.location.get(async () => {
      const { resourceGroup, serviceName } = this.target;
      return (await this.apim.apiManagementService.get(resourceGroup, serviceName)).location;
    });
  }

  listGateways(): Promise<GatewayOption[]> {
    return this.gateways.get(() => this.readGateways());
  }

  listWorkspaceNames(): Promise<string[]> {
    return this.workspaceNames.get(() => this.readWorkspaceNames());
  }

  listSubnets(): Promise<SubnetOption[]> {
    return this.subnets.get(() => this.readSubnets());
  }

  private async readGateways(): Promise<GatewayOption[]> {
    const options: GatewayOption[] = [];
    for await (const gateway of this.apim.apiGateway.listByResourceGroup(this.target.resourceGroup)) {
      const name = gateway.name ?? '';
      const option = {
        name,
        sku: gateway.sku.name,
        units: gateway.sku.capacity ?? 0,
        createdAt: gateway.createdAtUtc?.toISOString() ?? '',
        workspaceCount: await this.countConnections(name),
      };
      options.push({ ...option, ineligibleReason: gatewayIneligibility(option) });
    }
    return options;
  }

  private async readWorkspaceNames(): Promise<string[]> {
    const names: string[] = [];
    const pages = this.apim.workspace.listByService(this.target.resourceGroup, this.target.serviceName);
    for await (const workspace of pages) if (workspace.name) names.push(workspace.name);
    return names;
  }

  private async readSubnets(): Promise<SubnetOption[]> {
    const usedBy = await this.subnetsInUse();
    const subnets: SubnetOption[] = [];
    for await (const vnet of this.network.virtualNetworks.listAll()) {
      for (const subnet of vnet.subnets ?? []) {
        const id = subnet.id ?? '';
        subnets.push({
          id,
          name: subnet.name ?? '',
          virtualNetwork: vnet.name ?? '',
          location: vnet.location ?? '',
          addressPrefix: subnet.addressPrefix ?? subnet.addressPrefixes?.[0] ?? '',
          delegations: (subnet.delegations ?? []).map((d) => d.serviceName ?? ''),
          usedBy: usedBy.get(id.toLowerCase()),
        });
      }
    }
    return subnets;
  }

  unitRange(): Promise<UnitRange> {
    return this.units.get(() => this.readUnitRange());
  }

  listLogAnalyticsWorkspaces(): Promise<LogAnalyticsOption[]> {
    return this.logWorkspaces.get(() => this.readLogAnalyticsWorkspaces());
  }

  serviceLogDestination(): Promise<string> {
    return this.logDestination.get(() => this.readServiceLogDestination());
  }

  /** The unit range Azure reports for new gateways' SKU, read from any gateway's SKU list. */
  private async readUnitRange(): Promise<UnitRange> {
    for await (const gateway of this.apim.apiGateway.listByResourceGroup(this.target.resourceGroup)) {
      const skus = this.apim.apiManagementGatewaySkus.listAvailableSkus(this.target.resourceGroup, gateway.name ?? '');
      for await (const sku of skus) {
        if (sku.sku?.name === NEW_GATEWAY_SKU && sku.capacity) {
          return { min: sku.capacity.minimum ?? 1, max: sku.capacity.maximum ?? 1 };
        }
      }
    }
    // TODO(azure): with no gateway in the resource group there is no SKU list to read; Azure's
    // documented Premium range is used until ARM offers a gateway-independent SKU query.
    return { min: 1, max: 12 };
  }

  private async readLogAnalyticsWorkspaces(): Promise<LogAnalyticsOption[]> {
    const options: LogAnalyticsOption[] = [];
    const pages = this.logAnalytics.workspaces.listByResourceGroup(this.target.resourceGroup);
    for await (const { id, name, location } of pages) {
      if (id) options.push({ id, name: name ?? '', location });
    }
    return options;
  }

  /** The Log Analytics workspace of the service's diagnostic setting that carries gateway logs. */
  private async readServiceLogDestination(): Promise<string> {
    const settings: DiagnosticSettingsResource[] = [];
    const service = withoutLeadingSlash(serviceId(this.target));
    for await (const setting of this.monitor.diagnosticSettings.list(service)) {
      if (setting.workspaceId) settings.push(setting);
    }
    const withGatewayLogs = settings.find(sendsGatewayLogs);
    return (withGatewayLogs ?? settings[0])?.workspaceId ?? '';
  }

  private async countConnections(gatewayName: string): Promise<number> {
    let count = 0;
    const pages = this.apim.apiGatewayConfigConnection.listByGateway(this.target.resourceGroup, gatewayName);
    for await (const _connection of pages) count += 1;
    return count;
  }

  private async subnetsInUse(): Promise<Map<string, string>> {
    const used = new Map<string, string>();
    for await (const gateway of this.apim.apiGateway.list()) {
      const subnetId = gateway.backend?.subnet?.id;
      if (subnetId && gateway.name) used.set(subnetId.toLowerCase(), gateway.name);
    }
    return used;
  }
}

function sendsGatewayLogs(setting: DiagnosticSettingsResource): boolean {
  return (setting.logs ?? []).some(
    (log) => log.enabled && (log.category === 'GatewayLogs' || log.categoryGroup?.toLowerCase() === 'alllogs'),
  );
}
