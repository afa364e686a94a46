import { createHash } from 'node:crypto';
import { MonitorClient, type DiagnosticSettingsResource } from '@azure/arm-monitor';
import { AzureError } from '../../core/azure';
import { monitorClientOptions, serviceId, withoutLeadingSlash, workspaceId } from './arm-target';
import type { ArmTarget } from './arm-target';
import { call, toAzureError } from './azure-errors';

const GATEWAY_LOGS = { category: 'GatewayLogs', enabled: true };

/**
 * Diagnostic settings through `@azure/arm-monitor`. Its paths are `/{+resourceUri}/...`, so
 * resource ids are passed without their leading slash.
 */
export class ArmDiagnostics {
  private readonly client: MonitorClient;

  constructor(private readonly target: ArmTarget) {
    const options = monitorClientOptions(target, { retries: false });
    this.client = new MonitorClient(target.credential, target.subscriptionId, options);
  }

  async ensureServiceGatewayLogs(preferred: string | undefined, fallback: string | undefined): Promise<string> {
    const service = withoutLeadingSlash(serviceId(this.target));
    const sending = (await this.list(service)).filter(sendsGatewayLogs);
    const destination = preferred ?? sending[0]?.workspaceId ?? fallback;
    if (!destination) {
      const message =
        'No Log Analytics workspace is known for gateway logs: the request names none, the API Management ' +
        'service sends its gateway logs nowhere, and LOG_ANALYTICS_WORKSPACE_ID is not set.';
      throw new AzureError(message, 'NoLogAnalyticsWorkspace', undefined, false);
    }
    if (sending.some((setting) => sameId(setting.workspaceId, destination))) return destination;

    await this.put(service, destination);
    return destination;
  }

  async ensureWorkspaceGatewayLogs(workspaceName: string, destination: string, checkFirst: boolean): Promise<void> {
    const workspace = withoutLeadingSlash(workspaceId(this.target, workspaceName));
    if (checkFirst) {
      const sending = (await this.list(workspace)).filter(sendsGatewayLogs);
      if (sending.some((setting) => sameId(setting.workspaceId, destination))) return;
    }
    await this.put(workspace, destination);
  }

  private async list(resourceUri: string): Promise<DiagnosticSettingsResource[]> {
    return call(async () => {
      const settings: DiagnosticSettingsResource[] = [];
      for await (const setting of this.client.diagnosticSettings.list(resourceUri)) settings.push(setting);
      return settings;
    });
  }

  /**
   * One setting per destination, named after it, so a second request to another destination
   * never rewrites the first. A 409 saying the sink is already used for the category means
   * another setting already sends these logs there: the goal is met.
   */
  private async put(resourceUri: string, destination: string): Promise<void> {
    const name = settingNameFor(destination);
    try {
      const setting = { workspaceId: destination, logs: [GATEWAY_LOGS] };
      await this.client.diagnosticSettings.createOrUpdate(resourceUri, name, setting);
    } catch (error) {
      const azureError = toAzureError(error);
      if (azureError.status === 409 && /already used/i.test(azureError.message)) return;
      throw azureError;
    }
  }
}

function sendsGatewayLogs(setting: DiagnosticSettingsResource): boolean {
  if (!setting.workspaceId) return false;
  return (setting.logs ?? []).some(
    (log) => log.enabled && (log.category === 'GatewayLogs' || log.categoryGroup?.toLowerCase() === 'alllogs'),
  );
}

function settingNameFor(destination: string): string {
  const workspaceName = destination.split('/').pop() ?? 'law';
  const hash = createHash('sha256').update(destination.toLowerCase()).digest('hex').slice(0, 8);
  return `apim-bot-gateway-logs-${workspaceName.slice(0, 40)}-${hash}`;
}

function sameId(left: string | undefined, right: string): boolean {
  return (left ?? '').replace(/^\/+/, '').toLowerCase() === right.replace(/^\/+/, '').toLowerCase();
}
