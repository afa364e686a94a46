/**
 * The view model of the request form (cards/request-form.json). Every property the template
 * binds is always present, lists are cut with "and N more", and user text is plain data (the
 * renderer makes it literal).
 *
 * Members and gateway managers are fixed rows because Adaptive Cards 1.5 cannot add inputs while
 * the card is open. One row is one pair of roles for everyone in it: people from the Teams people
 * picker (any number) plus Entra groups typed as object ids. Three member rows cover the usual
 * team (developers, product managers, readers); more combinations go in a second request.
 */
import type { Understood } from '../../core/intake/understand-request';
import { MAX_WORKSPACES_PER_GATEWAY, type InventorySnapshot, type SubnetOption } from '../../core/inventory';
import {
  FORM_FIELDS,
  managerField,
  MANAGER_ROWS,
  memberField,
  MEMBER_ROWS,
  readPrincipalNames,
  rowNumbers,
  splitIds,
  type FormField,
  type RequestForm,
} from '../../core/request-form';
import { GATEWAY_ROLES, SERVICE_ROLES, WORKSPACE_ROLES } from '../../core/roles';
import { subnetProblem, type FieldErrors } from '../../core/validation';
import { capList } from './list-caps';

/** What the intake understood from the message that asked for the form. */
export interface FormDraftInfo {
  understood: Understood[];
  notes: string[];
}

interface Choice {
  title: string;
  value: string;
}

/** Choice lists longer than this are cut; the `gateways` command lists them all. */
const MAX_CHOICES = 25;
const MAX_LINES = 12;

const LABELS: Partial<Record<FormField, string>> = {
  workspaceDisplayName: 'Display name',
  workspaceName: 'Resource name',
  workspaceDescription: 'Description (optional)',
  gatewayMode: "Where will the workspace's APIs run?",
  gatewayName: 'Gateway name',
  networkMode: 'Network configuration',
  subnetId: 'Subnet (VNet integration or injection only)',
  existingGateway: 'Gateway to share',
  logAnalyticsWorkspaceId: 'Log Analytics workspace for gateway logs',
};

export function formView(form: RequestForm, errors: FieldErrors, inventory: InventorySnapshot, intro: string, draft?: FormDraftInfo) {
  const read = new Set(draft?.understood.filter((u) => !u.suggested).flatMap((u) => u.fields) ?? []);
  const suggested = new Set(draft?.understood.filter((u) => u.suggested).flatMap((u) => u.fields) ?? []);
  const value = (field: FormField) => form[field] ?? '';
  const label = (field: FormField, text: string) =>
    read.has(field) ? `${text} (from your message)` : suggested.has(field) ? `${text} (suggested)` : text;
  const names = readPrincipalNames(form.principalNames);

  return {
    intro,
    hasErrors: Object.keys(errors).length > 0,
    understood: capList(draft?.understood.map((u) => u.text) ?? [], MAX_LINES).map((line) => ({ line: `\u2022 ${line}` })),
    notes: capList(draft?.notes ?? [], MAX_LINES).map((line) => ({ line: `\u2022 ${line}` })),
    form: Object.fromEntries(FORM_FIELDS.map((field) => [field, value(field)])),
    labels: Object.fromEntries(FORM_FIELDS.map((field) => [field, label(field, LABELS[field] ?? field)])),
    errors: Object.fromEntries(FORM_FIELDS.map((field) => [field, errors[field] ?? ''])),
    ...unitsView(form, inventory, label),
    ...gatewayView(inventory),
    ...subnetView(inventory),
    memberRows: rowNumbers(MEMBER_ROWS).map((row) => memberRow(row, form, errors, names, label)),
    managerRows: rowNumbers(MANAGER_ROWS).map((row) => managerRow(row, form, errors, names, label)),
    ...logAnalyticsView(form, inventory),
    principalNames: JSON.stringify(Object.fromEntries(names)),
  };
}

function unitsView(form: RequestForm, inventory: InventorySnapshot, label: (field: FormField, text: string) => string) {
  const units = Number(form.gatewayUnits);
  return {
    units: inventory.units,
    unitsLabel: label('gatewayUnits', `Scale units (${inventory.units.min} to ${inventory.units.max}, as Azure offers them)`),
    unitsValue: Number.isInteger(units) && units > 0 ? units : inventory.units.min,
  };
}

function gatewayView(inventory: InventorySnapshot) {
  const eligible = inventory.gateways.filter((g) => !g.ineligibleReason);
  const ineligible = inventory.gateways.filter((g) => g.ineligibleReason);
  const shown = eligible.slice(0, MAX_CHOICES);
  const notes = capList(ineligible.map((g) => `${g.name} ${g.ineligibleReason}`), 5);
  if (eligible.length > shown.length) notes.push(`${eligible.length - shown.length} more gateways can take a workspace: type "gateways" to see them all.`);

  return {
    gatewayChoices: shown.map((g) => ({
      title: `${g.name} (${g.workspaceCount} of ${MAX_WORKSPACES_PER_GATEWAY} workspaces, ${g.units} ${g.units === 1 ? 'unit' : 'units'})`,
      value: g.name,
    })),
    ineligibleNote: notes.length ? `Not offered: ${notes.join('; ')}.` : '',
    noGatewayNote: eligible.length === 0 ? 'No existing gateway can take another workspace; create a new one.' : '',
  };
}

/** Only subnets that can host a gateway in one of the VNet modes are offered; the rest are explained. */
function subnetView(inventory: InventorySnapshot) {
  const usable = inventory.subnets.map((s) => ({ subnet: s, modes: usableModes(s, inventory) }));
  const offered = usable.filter((u) => u.modes.length > 0);
  const refused = usable.filter((u) => u.modes.length === 0).map((u) => whyNot(u.subnet, inventory));
  const shown = offered.slice(0, MAX_CHOICES);

  return {
    subnetChoices: shown.map(({ subnet, modes }) => ({
      title: `${subnet.virtualNetwork}/${subnet.name} (${subnet.addressPrefix}), for ${modes.join(' or ')}`,
      value: subnet.id,
    })),
    subnetNote: [
      offered.length > shown.length ? `${offered.length - shown.length} more usable subnets are not listed.` : '',
      refused.length ? `Not offered: ${capList(refused, 5).join('; ')}.` : '',
    ].filter(Boolean).join(' '),
  };
}

function usableModes(subnet: SubnetOption, inventory: InventorySnapshot): string[] {
  const modes: string[] = [];
  if (!subnetProblem(subnet.id, 'vnet_integration', inventory)) modes.push('VNet integration');
  if (!subnetProblem(subnet.id, 'vnet_injection', inventory)) modes.push('VNet injection');
  return modes;
}

/** The reason a subnet fits neither mode, from the same rules the server checks. */
function whyNot(subnet: SubnetOption, inventory: InventorySnapshot): string {
  const mode = subnet.delegations.includes('Microsoft.Web/hostingEnvironments') ? 'vnet_injection' : 'vnet_integration';
  return (subnetProblem(subnet.id, mode, inventory) ?? '').replace(/\.$/, '');
}

function memberRow(row: number, form: RequestForm, errors: FieldErrors, names: Map<string, string>, label: (field: FormField, text: string) => string) {
  const field = (part: Parameters<typeof memberField>[1]) => memberField(row, part);
  return {
    title: `Members, row ${row}`,
    ...principalInputs(field('People'), field('GroupIds'), form, errors, names, label),
    serviceId: field('ServiceRole'),
    serviceLabel: label(field('ServiceRole'), 'Service-scoped role'),
    serviceValue: form[field('ServiceRole')] ?? '',
    serviceError: errors[field('ServiceRole')] ?? '',
    serviceChoices: roleChoices(SERVICE_ROLES),
    workspaceId: field('WorkspaceRole'),
    workspaceLabel: label(field('WorkspaceRole'), 'Workspace-scoped role'),
    workspaceValue: form[field('WorkspaceRole')] ?? '',
    workspaceError: errors[field('WorkspaceRole')] ?? '',
    workspaceChoices: roleChoices(WORKSPACE_ROLES),
  };
}

function managerRow(row: number, form: RequestForm, errors: FieldErrors, names: Map<string, string>, label: (field: FormField, text: string) => string) {
  const field = (part: Parameters<typeof managerField>[1]) => managerField(row, part);
  return {
    title: `Gateway managers, row ${row}`,
    ...principalInputs(field('People'), field('GroupIds'), form, errors, names, label),
    roleId: field('Role'),
    roleLabel: label(field('Role'), 'Role on the gateway'),
    roleValue: form[field('Role')] ?? '',
    roleError: errors[field('Role')] ?? '',
    roleChoices: roleChoices(GATEWAY_ROLES),
  };
}

/**
 * The people picker and the group ids of one row. People already chosen (or @mentioned) are
 * given as static choices too, so the picker shows their names rather than bare ids.
 */
function principalInputs(
  peopleField: FormField,
  groupsField: FormField,
  form: RequestForm,
  errors: FieldErrors,
  names: Map<string, string>,
  label: (field: FormField, text: string) => string,
) {
  const people = splitIds(form[peopleField]);
  return {
    peopleId: peopleField,
    peopleLabel: label(peopleField, 'People'),
    peopleValue: people.join(','),
    peopleChoices: people.map((id): Choice => ({ title: names.get(id.toLowerCase()) ?? id, value: id })),
    peopleError: errors[peopleField] ?? '',
    groupsId: groupsField,
    groupsLabel: label(groupsField, 'Entra groups (object ids, separated by commas)'),
    groupsValue: form[groupsField] ?? '',
    groupsError: errors[groupsField] ?? '',
  };
}

function roleChoices(roles: Record<string, { name: string }>): Choice[] {
  return Object.entries(roles).map(([value, role]) => ({ title: role.name, value }));
}

/** Gateway logs go where the service's own diagnostic setting sends them, unless chosen otherwise. */
function logAnalyticsView(form: RequestForm, inventory: InventorySnapshot) {
  const current = inventory.serviceLogDestination.toLowerCase();
  const choices = inventory.logAnalyticsWorkspaces.slice(0, MAX_CHOICES).map((w) => ({
    title: `${w.name}${w.location ? ` (${w.location})` : ''}${w.id.toLowerCase() === current ? ', used by the service today' : ''}`,
    value: w.id,
  }));
  return {
    logAnalyticsChoices: choices,
    logAnalyticsValue: form.logAnalyticsWorkspaceId || inventory.serviceLogDestination,
    logAnalyticsNote: logAnalyticsNote(inventory),
  };
}

function logAnalyticsNote(inventory: InventorySnapshot): string {
  if (inventory.logAnalyticsWorkspaces.length === 0) {
    return 'No Log Analytics workspace was found; provisioning creates one for the gateway logs.';
  }
  if (!inventory.serviceLogDestination) {
    return 'The API Management service does not send gateway logs anywhere yet; the one you choose receives them for the service and this workspace.';
  }
  return "The workspace's gateway logs go to the same Log Analytics workspace as the service's, unless you choose another.";
}
