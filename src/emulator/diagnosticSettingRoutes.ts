import { ArmError, badRequest } from './ArmError';
import type { ArmResponse } from './armHttp';
import { json } from './armHttp';
import {
  CATEGORY_SUPPORT,
  MAX_SETTINGS_PER_RESOURCE,
  readSettingProperties,
  refuseSinkReuse,
} from './diagnosticSettingRules';
import type { EmulatorCore } from './EmulatorCore';
import type { DiagnosticSettingRecord } from './EmulatorState';
import { keyOf } from './EmulatorState';
import { requireResource } from './resourceCatalog';
import { sameId } from './resourceIds';
import { defineRoute, type Route, type RouteArguments } from './Router';

const COLLECTION = '{*resource}/providers/Microsoft.Insights/diagnosticSettings';
const ITEM = `${COLLECTION}/{name}`;
const NAME = /^[^<>*%&:\\?+/#]{1,260}$/;

function view(setting: DiagnosticSettingRecord) {
  return {
    id: setting.id,
    name: setting.name,
    type: 'Microsoft.Insights/diagnosticSettings',
    properties: setting.properties,
  };
}

/** The resource the settings belong to, and which categories it supports. */
function resolveResource(core: EmulatorCore, rawResource: string) {
  const resource = requireResource(core, rawResource.replace(/\/+$/, ''));
  const support = CATEGORY_SUPPORT[resource.type.toLowerCase()];
  if (support === undefined) {
    const message = `The resource type '${resource.type}' has no diagnostic settings in the emulator.`;
    throw badRequest('ResourceTypeNotSupported', message);
  }
  return { resource, support };
}

function settingsOf(core: EmulatorCore, resourceId: string): DiagnosticSettingRecord[] {
  const all = Object.values(core.state.diagnosticSettings);
  return all.filter((setting) => sameId(setting.resourceId, resourceId));
}

/** ARM spells the provider in lower case in these ids (arm-contract §4). */
function settingId(resourceId: string, name: string): string {
  return `${resourceId}/providers/microsoft.insights/diagnosticSettings/${name}`;
}

function checkSettingName(name: string): void {
  if (NAME.test(name) && !/[ .]$/.test(name)) return;
  throw badRequest('BadRequest', `The diagnostic setting name '${name}' is invalid.`);
}

function put({ core, request, params }: RouteArguments): ArmResponse {
  const name = params.name ?? '';
  checkSettingName(name);
  const { resource, support } = resolveResource(core, params.resource ?? '');
  const properties = readSettingProperties(core, request.body, support);
  const others = settingsOf(core, resource.id).filter(
    (setting) => setting.name.toLowerCase() !== name.toLowerCase(),
  );
  if (others.length >= MAX_SETTINGS_PER_RESOURCE) {
    const message = `A resource can have at most ${MAX_SETTINGS_PER_RESOURCE} diagnostic settings.`;
    throw badRequest('BadRequest', message);
  }
  refuseSinkReuse(others, properties, support);
  const id = settingId(resource.id, name);
  const existing = core.state.diagnosticSettings[keyOf(id)];
  const setting: DiagnosticSettingRecord = {
    id: existing?.id ?? id,
    name: existing?.name ?? name,
    resourceId: resource.id,
    properties,
  };
  core.state.diagnosticSettings[keyOf(id)] = setting;
  core.changed();
  return json(200, view(setting));
}

function find(core: EmulatorCore, params: Record<string, string>) {
  const { resource } = resolveResource(core, params.resource ?? '');
  return core.state.diagnosticSettings[keyOf(settingId(resource.id, params.name ?? ''))];
}

function get({ core, params }: RouteArguments): ArmResponse {
  const setting = find(core, params);
  if (setting === undefined) {
    const message = `The diagnostic setting '${params.name ?? ''}' doesn't exist.`;
    throw new ArmError(404, 'ResourceNotFound', message);
  }
  return json(200, view(setting));
}

function remove({ core, params }: RouteArguments): ArmResponse {
  const setting = find(core, params);
  if (setting === undefined) return { status: 204 };
  delete core.state.diagnosticSettings[keyOf(setting.id)];
  core.changed();
  return { status: 200 };
}

function list({ core, params }: RouteArguments): ArmResponse {
  const { resource } = resolveResource(core, params.resource ?? '');
  return json(200, { value: settingsOf(core, resource.id).map(view) });
}

export const DIAGNOSTIC_SETTING_ROUTES: readonly Route[] = [
  defineRoute('GET', COLLECTION, 'diagnosticSettings.list', 'diagnosticSettings', list),
  defineRoute('GET', ITEM, 'diagnosticSettings.get', 'diagnosticSettings', get),
  defineRoute('PUT', ITEM, 'diagnosticSettings.put', 'diagnosticSettings', put),
  defineRoute('DELETE', ITEM, 'diagnosticSettings.delete', 'diagnosticSettings', remove),
];
