import type { InventorySnapshot, SubnetOption } from './inventory';
import { checkGatewayManagers, checkMembers, type FieldErrors } from './principal-validation';
import type { DiagnosticsSpec, GatewayChoice, NetworkMode, RequestSpec } from './request';
import type { RequestForm } from './request-form';

export type { FieldErrors } from './principal-validation';
export { formFromSpec, FORM_FIELDS, type FormField, type RequestForm } from './request-form';

export type ValidationResult = { ok: true; spec: RequestSpec } | { ok: false; errors: FieldErrors };

// Azure's rules for the resource names (API Management 2024-05-01 parameters).
const WORKSPACE_NAME = /^[^*#&+:<>?]+$/;
const GATEWAY_NAME = /^[a-zA-Z](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/;
const NETWORK_MODES: NetworkMode[] = ['public', 'vnet_integration', 'vnet_injection'];
const REQUIRED_DELEGATION: Record<Exclude<NetworkMode, 'public'>, string> = {
  vnet_integration: 'Microsoft.Web/serverFarms',
  vnet_injection: 'Microsoft.Web/hostingEnvironments',
};

/**
 * Checks a submitted form against Azure's rules and the live inventory.
 * Every problem is reported against its field so the card can show it in place.
 */
export function validateRequestForm(form: RequestForm, inventory: InventorySnapshot): ValidationResult {
  const errors: FieldErrors = {};
  const workspace = {
    displayName: clean(form.workspaceDisplayName),
    name: clean(form.workspaceName),
    description: clean(form.workspaceDescription),
  };

  checkWorkspace(workspace, inventory, errors);
  const gateway = checkGateway(form, inventory, errors);
  const members = checkMembers(form, errors);
  const gatewayManagers = checkGatewayManagers(form, clean(form.gatewayMode) === 'new', errors);
  const diagnostics = checkDiagnostics(form, inventory, errors);

  if (Object.keys(errors).length > 0 || !gateway) return { ok: false, errors };
  return { ok: true, spec: { workspace, gateway, members, gatewayManagers, diagnostics } };
}

function checkWorkspace(
  workspace: RequestSpec['workspace'],
  inventory: InventorySnapshot,
  errors: FieldErrors,
): void {
  if (!workspace.displayName) errors.workspaceDisplayName = 'Give the workspace a display name.';
  else if (workspace.displayName.length > 100) {
    errors.workspaceDisplayName = 'Keep the display name to 100 characters or fewer.';
  }

  if (!workspace.name) errors.workspaceName = 'Give the workspace a resource name.';
  else if (workspace.name.length > 80) errors.workspaceName = 'Use at most 80 characters.';
  else if (!WORKSPACE_NAME.test(workspace.name)) {
    errors.workspaceName = 'Leave out the characters * # & + : < > ?';
  } else if (inventory.workspaceNames.some((n) => n.toLowerCase() === workspace.name.toLowerCase())) {
    errors.workspaceName = `A workspace named "${workspace.name}" already exists in this instance.`;
  }

  if (workspace.description.length > 1000) {
    errors.workspaceDescription = 'Keep the description to 1000 characters or fewer.';
  }
}

function checkGateway(
  form: RequestForm,
  inventory: InventorySnapshot,
  errors: FieldErrors,
): GatewayChoice | undefined {
  const mode = clean(form.gatewayMode);
  if (mode === 'existing') return checkExistingGateway(clean(form.existingGateway), inventory, errors);
  if (mode === 'new') return checkNewGateway(form, inventory, errors);

  errors.gatewayMode = 'Choose whether to create a new gateway or use an existing one.';
  return undefined;
}

function checkExistingGateway(
  name: string,
  inventory: InventorySnapshot,
  errors: FieldErrors,
): GatewayChoice | undefined {
  const gateway = inventory.gateways.find((g) => g.name === name);
  if (!name) errors.existingGateway = 'Choose the gateway to use.';
  else if (!gateway) errors.existingGateway = `There is no gateway named "${name}".`;
  else if (gateway.ineligibleReason) errors.existingGateway = `${name} ${gateway.ineligibleReason}.`;
  else return { kind: 'existing', name };
  return undefined;
}

function checkNewGateway(
  form: RequestForm,
  inventory: InventorySnapshot,
  errors: FieldErrors,
): GatewayChoice | undefined {
  const name = clean(form.gatewayName);
  const units = parseUnits(form.gatewayUnits);
  const network = clean(form.networkMode) as NetworkMode;
  const subnetId = clean(form.subnetId);

  if (!name) errors.gatewayName = 'Give the new gateway a name.';
  else if (name.length > 45) errors.gatewayName = 'Use at most 45 characters.';
  else if (!GATEWAY_NAME.test(name)) {
    errors.gatewayName = 'Start with a letter, then letters, digits or hyphens; end with a letter or digit.';
  } else if (inventory.gateways.some((g) => g.name.toLowerCase() === name.toLowerCase())) {
    errors.gatewayName = `A gateway named "${name}" already exists.`;
  }

  const { min, max } = inventory.units;
  if (units === undefined || units < min || units > max) {
    errors.gatewayUnits = `Choose a whole number of units from ${min} to ${max}.`;
  }

  if (!NETWORK_MODES.includes(network)) {
    errors.networkMode = 'Choose the network configuration.';
  } else if (network !== 'public') {
    const problem = subnetProblem(subnetId, network, inventory);
    if (problem) errors.subnetId = problem;
  }

  if (errors.gatewayName || errors.gatewayUnits || errors.networkMode || errors.subnetId) {
    return undefined;
  }
  const choice: GatewayChoice = { kind: 'new', name, units: units as number, network };
  if (network !== 'public') choice.subnetId = subnetId;
  return choice;
}

/** Why a subnet cannot host a workspace gateway in this mode, or undefined when it can. */
export function subnetProblem(
  subnetId: string,
  network: Exclude<NetworkMode, 'public'>,
  inventory: InventorySnapshot,
): string | undefined {
  if (!subnetId) return 'Choose the subnet for the gateway.';

  const subnet = inventory.subnets.find((s) => s.id.toLowerCase() === subnetId.toLowerCase());
  if (!subnet) return 'That subnet was not found in the subscription.';

  const delegation = REQUIRED_DELEGATION[network];
  if (!subnet.delegations.includes(delegation)) {
    return `${subnet.name} must be delegated to ${delegation} for this network configuration.`;
  }
  const size = prefixLength(subnet);
  if (size === undefined || size < 24 || size > 27) {
    return `${subnet.name} is ${subnet.addressPrefix}; a gateway subnet must be from /27 to /24.`;
  }
  if (!sameRegion(subnet.location, inventory.location)) {
    return `${subnet.name} is in ${subnet.location}; it must be in ${inventory.location}, the API Management region.`;
  }
  if (subnet.usedBy) return `${subnet.name} is already used by gateway ${subnet.usedBy}.`;
  return undefined;
}

/**
 * The Log Analytics workspace for gateway logs: one Azure lists, by default the one the service
 * already logs to. Empty when the service logs nowhere and none was chosen: provisioning then
 * uses the platform's configured default.
 */
function checkDiagnostics(form: RequestForm, inventory: InventorySnapshot, errors: FieldErrors): DiagnosticsSpec {
  const chosen = clean(form.logAnalyticsWorkspaceId) || inventory.serviceLogDestination;
  if (!chosen) return { logAnalyticsWorkspaceId: '' };

  const known = inventory.logAnalyticsWorkspaces.find((w) => w.id.toLowerCase() === chosen.toLowerCase());
  if (!known) errors.logAnalyticsWorkspaceId = 'That Log Analytics workspace was not found; choose one from the list.';
  return { logAnalyticsWorkspaceId: known?.id ?? '' };
}

function prefixLength(subnet: SubnetOption): number | undefined {
  const match = /\/(\d{1,2})$/.exec(subnet.addressPrefix);
  return match ? Number(match[1]) : undefined;
}

function parseUnits(value: string | undefined): number | undefined {
  const text = clean(value);
  if (!/^\d{1,3}$/.test(text)) return undefined;
  return Number(text);
}

function clean(value: string | undefined): string {
  return typeof value === 'string' ? value.trim() : '';
}

/** A resource name suggested from a display name: lower case, hyphens, Azure-safe. */
export function suggestResourceName(displayName: string): string {
  return displayName
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 45)
    .replace(/-+$/, '');
}

/** Azure names a region `eastus` in some answers and `East US` in others. */
export function sameRegion(a: string, b: string): boolean {
  const canonical = (region: string) => region.toLowerCase().replace(/\s+/g, '');
  return canonical(a) === canonical(b);
}
