import { type ArmError, badRequest, conflict } from './ArmError';
import { isObject } from './armHttp';
import type { EmulatorCore } from './EmulatorCore';
import type { DiagnosticSettingRecord } from './EmulatorState';
import { keyOf } from './EmulatorState';
import { sameId } from './resourceIds';

export interface CategorySupport {
  logs: readonly string[];
  groups: Record<string, readonly string[]>;
  metrics: readonly string[];
}

const SERVICE_LOGS = [
  'GatewayLogs',
  'GatewayLlmLogs',
  'WebSocketConnectionLogs',
  'DeveloperPortalAuditLogs',
];

/**
 * Categories per resource type (arm-contract §4): a workspace has only GatewayLogs and no
 * metrics of its own; the service has four log categories and AllMetrics.
 */
export const CATEGORY_SUPPORT: Record<string, CategorySupport> = {
  'microsoft.apimanagement/service': {
    logs: SERVICE_LOGS,
    groups: { allLogs: SERVICE_LOGS, audit: ['DeveloperPortalAuditLogs'] },
    metrics: ['AllMetrics'],
  },
  'microsoft.apimanagement/service/workspaces': {
    logs: ['GatewayLogs'],
    groups: { allLogs: ['GatewayLogs'] },
    metrics: [],
  },
};

const DESTINATIONS = [
  'workspaceId',
  'storageAccountId',
  'eventHubAuthorizationRuleId',
  'marketplacePartnerId',
];
const DESTINATION_TYPES = ['Dedicated', 'AzureDiagnostics'];
export const MAX_SETTINGS_PER_RESOURCE = 5;

interface LogEntry {
  category?: string;
  categoryGroup?: string;
  enabled: boolean;
}

/** Azure Monitor answers most validation failures with the plain code "BadRequest". */
function invalid(message: string): ArmError {
  return badRequest('BadRequest', message);
}

function findIgnoringCase(candidates: readonly string[], value: string): string | undefined {
  return candidates.find((candidate) => candidate.toLowerCase() === value.toLowerCase());
}

function readLog(entry: unknown, support: CategorySupport): LogEntry {
  if (!isObject(entry) || typeof entry.enabled !== 'boolean') {
    throw invalid("Each entry of 'properties.logs' needs a category or categoryGroup and 'enabled'.");
  }
  const { category, categoryGroup, enabled } = entry;
  if (typeof category === 'string' && category !== '') {
    const known = findIgnoringCase(support.logs, category);
    if (known === undefined) throw invalid(`Category '${category}' is not supported.`);
    return { category: known, enabled };
  }
  if (typeof categoryGroup === 'string' && categoryGroup !== '') {
    const known = findIgnoringCase(Object.keys(support.groups), categoryGroup);
    if (known === undefined) throw invalid(`Category group '${categoryGroup}' is not supported.`);
    return { categoryGroup: known, enabled };
  }
  throw invalid("Each entry of 'properties.logs' needs 'category' or 'categoryGroup'.");
}

function readMetric(entry: unknown, support: CategorySupport) {
  if (!isObject(entry) || typeof entry.enabled !== 'boolean') {
    throw invalid("Each entry of 'properties.metrics' needs 'category' and 'enabled'.");
  }
  const category = typeof entry.category === 'string' ? entry.category : '';
  const known = findIgnoringCase(support.metrics, category);
  if (known === undefined && entry.enabled) {
    throw invalid(`Metric category '${category}' is not supported for this resource.`);
  }
  return { ...entry, category: known ?? category };
}

function readArray(value: unknown, name: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalid(`'properties.${name}' must be an array.`);
  return value;
}

function checkDestinations(core: EmulatorCore, properties: Record<string, unknown>): void {
  const given = DESTINATIONS.filter((name) => {
    const value = properties[name];
    return typeof value === 'string' && value !== '';
  });
  if (given.length === 0) {
    throw invalid(`At least one data sink needs to be specified: ${DESTINATIONS.join(', ')}.`);
  }
  for (const name of given) {
    const id = String(properties[name]);
    // Only Log Analytics workspaces exist in the emulator; any other sink cannot be found.
    const exists = name === 'workspaceId' && core.state.logAnalyticsWorkspaces[keyOf(id)];
    if (!exists) {
      const message = `The resource '${id}' given as '${name}' could not be found.`;
      throw badRequest('LinkedResourceNotFound', message);
    }
  }
}

function readDestinationType(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (DESTINATION_TYPES.includes(String(value))) return value;
  throw invalid(`'properties.logAnalyticsDestinationType' must be ${DESTINATION_TYPES.join(' or ')}.`);
}

/** Validates and normalizes the properties of a PUT; returns what is stored and echoed. */
export function readSettingProperties(core: EmulatorCore, body: unknown, support: CategorySupport) {
  if (!isObject(body) || !isObject(body.properties)) {
    throw invalid("The request body must contain a 'properties' object.");
  }
  const properties = body.properties;
  checkDestinations(core, properties);
  const logs = readArray(properties.logs, 'logs').map((entry) => readLog(entry, support));
  const metrics = readArray(properties.metrics, 'metrics').map((each) => readMetric(each, support));
  return {
    storageAccountId: properties.storageAccountId ?? null,
    serviceBusRuleId: properties.serviceBusRuleId ?? null,
    eventHubAuthorizationRuleId: properties.eventHubAuthorizationRuleId ?? null,
    eventHubName: properties.eventHubName ?? null,
    metrics,
    logs: logs.map((log) => ({
      category: log.category ?? null,
      categoryGroup: log.categoryGroup ?? null,
      enabled: log.enabled,
      retentionPolicy: { enabled: false, days: 0 },
    })),
    workspaceId: properties.workspaceId ?? null,
    marketplacePartnerId: properties.marketplacePartnerId ?? null,
    logAnalyticsDestinationType: readDestinationType(properties.logAnalyticsDestinationType),
  };
}

/** The log categories a setting actually sends (groups expanded). */
function enabledCategories(properties: Record<string, unknown>, support: CategorySupport) {
  const categories = new Set<string>();
  for (const log of readArray(properties.logs, 'logs')) {
    if (!isObject(log) || log.enabled !== true) continue;
    if (typeof log.category === 'string') categories.add(log.category);
    if (typeof log.categoryGroup === 'string') {
      (support.groups[log.categoryGroup] ?? []).forEach((name) => categories.add(name));
    }
  }
  return categories;
}

/** Azure refuses to send one category of one resource to the same sink through two settings. */
export function refuseSinkReuse(
  others: readonly DiagnosticSettingRecord[],
  properties: Record<string, unknown>,
  support: CategorySupport,
): void {
  const sink = String(properties.workspaceId ?? '');
  const wanted = enabledCategories(properties, support);
  for (const other of others) {
    if (!sameId(String(other.properties.workspaceId ?? ''), sink)) continue;
    const used = [...enabledCategories(other.properties, support)];
    const shared = used.find((category) => wanted.has(category));
    if (shared === undefined) continue;
    throw conflict(
      'Conflict',
      `Data sink '${sink}' is already used in diagnostic setting '${other.name}' for category ` +
        `'${shared}'. Data sinks can't be reused in different settings on the same category ` +
        'for the same resource.',
    );
  }
}
