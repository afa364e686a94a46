import { badRequest, resourceNotFound, validationError } from './ArmError';
import type { ArmResponse } from './armHttp';
import { isObject, json } from './armHttp';
import { guidFrom } from './createSeedState';
import type { EmulatorCore } from './EmulatorCore';
import type { LogAnalyticsWorkspaceRecord } from './EmulatorState';
import { keyOf } from './EmulatorState';
import { checkName, NAME_RULES } from './nameRules';
import { requireResourceGroup, requireSubscription } from './parents';
import { isKnownLocation } from './regions';
import { logAnalyticsWorkspaceId, resourceGroupId } from './resourceIds';
import { defineRoute, type Route, type RouteArguments } from './Router';

const GROUP = '/subscriptions/{subscription}/resourceGroups/{group}';
const SERVICES = `${GROUP}/providers/Microsoft.ApiManagement/service`;
const LOG_ANALYTICS = `${GROUP}/providers/Microsoft.OperationalInsights/workspaces`;
const LOG_ANALYTICS_ITEM = `${LOG_ANALYTICS}/{workspace}`;
const ALL_LOG_ANALYTICS = '/subscriptions/{subscription}/providers/Microsoft.OperationalInsights/workspaces';
const LOG_ANALYTICS_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{2,61}[A-Za-z0-9]$/;

function getResourceGroup({ core, params }: RouteArguments): ArmResponse {
  requireResourceGroup(core, params.subscription ?? '', params.group ?? '');
  const { subscriptionId, resourceGroup, location } = core.seed;
  return json(200, {
    id: resourceGroupId(subscriptionId, resourceGroup),
    name: resourceGroup,
    type: 'Microsoft.Resources/resourceGroups',
    location,
    properties: { provisioningState: 'Succeeded' },
  });
}

/** The seeded APIM instance: minimal, but with what the SDK's mapper requires. */
function serviceView(core: EmulatorCore) {
  const { serviceId, serviceName } = core.seed;
  return {
    id: serviceId,
    name: serviceName,
    type: 'Microsoft.ApiManagement/service',
    location: 'East US',
    etag: 'AAAAAAAXYZg=',
    tags: {},
    sku: { name: 'Premium', capacity: 1 },
    properties: {
      publisherEmail: 'api-platform@contoso.com',
      publisherName: 'Contoso API Platform',
      provisioningState: 'Succeeded',
      targetProvisioningState: '',
      createdAtUtc: '2024-11-04T08:30:00Z',
      gatewayUrl: `https://${serviceName}.azure-api.net`,
      gatewayRegionalUrl: `https://${serviceName}-eastus-01.regional.azure-api.net`,
      managementApiUrl: `https://${serviceName}.management.azure-api.net`,
      developerPortalUrl: `https://${serviceName}.developer.azure-api.net`,
      hostnameConfigurations: [],
      publicIPAddresses: ['20.0.0.10'],
      virtualNetworkType: 'None',
      disableGateway: false,
      publicNetworkAccess: 'Enabled',
      platformVersion: 'stv2',
    },
    systemData: {
      createdBy: 'platform-team@contoso.com',
      createdByType: 'User',
      createdAt: '2024-11-04T08:30:00Z',
      lastModifiedBy: 'platform-team@contoso.com',
      lastModifiedByType: 'User',
      lastModifiedAt: '2024-11-04T08:30:00Z',
    },
  };
}

function getService({ core, params }: RouteArguments): ArmResponse {
  requireResourceGroup(core, params.subscription ?? '', params.group ?? '');
  checkName(NAME_RULES.service, params.service ?? '');
  if (params.service?.toLowerCase() !== core.seed.serviceName) {
    const type = 'Microsoft.ApiManagement/service';
    throw resourceNotFound(type, params.service ?? '', params.group ?? '');
  }
  return json(200, serviceView(core));
}

function listServices({ core, params }: RouteArguments): ArmResponse {
  requireResourceGroup(core, params.subscription ?? '', params.group ?? '');
  return json(200, { value: [serviceView(core)] });
}

function logAnalyticsView(workspace: LogAnalyticsWorkspaceRecord) {
  return {
    id: workspace.id,
    name: workspace.name,
    type: 'Microsoft.OperationalInsights/workspaces',
    location: workspace.location,
    properties: {
      provisioningState: 'Succeeded',
      customerId: workspace.customerId,
      sku: { name: 'PerGB2018' },
      retentionInDays: 30,
      publicNetworkAccessForIngestion: 'Enabled',
      publicNetworkAccessForQuery: 'Enabled',
      createdDate: workspace.createdDate,
    },
  };
}

function findLogAnalytics(core: EmulatorCore, params: Record<string, string>) {
  requireResourceGroup(core, params.subscription ?? '', params.group ?? '');
  const { subscriptionId, resourceGroup } = core.seed;
  const id = logAnalyticsWorkspaceId(subscriptionId, resourceGroup, params.workspace ?? '');
  return { id, record: core.state.logAnalyticsWorkspaces[keyOf(id)] };
}

function getWorkspace({ core, params }: RouteArguments): ArmResponse {
  const { record } = findLogAnalytics(core, params);
  if (record === undefined) {
    const type = 'Microsoft.OperationalInsights/workspaces';
    throw resourceNotFound(type, params.workspace ?? '', params.group ?? '');
  }
  return json(200, logAnalyticsView(record));
}

function listLogAnalytics({ core, params }: RouteArguments): ArmResponse {
  if (params.group === undefined) requireSubscription(core, params.subscription ?? '');
  else requireResourceGroup(core, params.subscription ?? '', params.group);
  const workspaces = Object.values(core.state.logAnalyticsWorkspaces);
  return json(200, { value: workspaces.map(logAnalyticsView) });
}

/** Creation completes at once (real ARM runs a short LRO; the body says Succeeded either way). */
function putWorkspace({ core, request, params }: RouteArguments): ArmResponse {
  const name = params.workspace ?? '';
  if (!LOG_ANALYTICS_NAME.test(name)) {
    throw badRequest(
      'InvalidWorkspaceName',
      `The workspace name '${name}' must be 4 to 63 letters, digits or hyphens, starting and ` +
        'ending with a letter or digit.',
    );
  }
  const { id, record } = findLogAnalytics(core, params);
  const body = request.body;
  if (!isObject(body) || typeof body.location !== 'string' || !isKnownLocation(body.location)) {
    throw validationError("'location' is required and must be an Azure region.");
  }
  if (record !== undefined) return json(200, logAnalyticsView(record));
  const created: LogAnalyticsWorkspaceRecord = {
    id,
    name,
    location: body.location,
    customerId: guidFrom(id),
    createdDate: core.nowIso(),
  };
  core.state.logAnalyticsWorkspaces[keyOf(id)] = created;
  core.changed();
  return json(201, logAnalyticsView(created));
}

export const PLATFORM_ROUTES: readonly Route[] = [
  defineRoute('GET', GROUP, 'resourceGroups.get', 'resources', getResourceGroup),
  defineRoute('GET', SERVICES, 'service.list', 'apiManagementService', listServices),
  defineRoute('GET', `${SERVICES}/{service}`, 'service.get', 'apiManagementService', getService),
  defineRoute('GET', ALL_LOG_ANALYTICS, 'logAnalytics.listAll', 'operationalInsights', listLogAnalytics),
  defineRoute('GET', LOG_ANALYTICS, 'logAnalytics.list', 'operationalInsights', listLogAnalytics),
  defineRoute('GET', LOG_ANALYTICS_ITEM, 'logAnalytics.get', 'operationalInsights', getWorkspace),
  defineRoute('PUT', LOG_ANALYTICS_ITEM, 'logAnalytics.put', 'operationalInsights', putWorkspace),
];
