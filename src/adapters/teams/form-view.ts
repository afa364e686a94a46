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
import { MAX_PRINCIPALS } from '../../core/principal-validation';
import { GATEWAY_ROLES, SERVICE_ROLES, WORKSPACE_ROLES } from '../../core/roles';
import { subnetProblem, type FieldErrors } from '../../core/validation';
import { clip } from './card-size';
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
/** Characters of titles and values one choice list may take, for long resource ids. */
const CHOICES_BUDGET = 6000;
const MAX_TITLE = 120;
const MAX_LINES = 12;

/** The card's own input limits; longer values can only come from a forged submission. */
const MAX_VALUE: Partial<Record<FormField, number>> = {
  workspaceDisplayName: 100,
  workspaceName: 80,
  workspaceDescription: 1000,
  gatewayName: 45,
};
const MAX_OTHER_VALUE = 2000;

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

type Label = (field: FormField, text: string) => string;

export function formView(
  form: RequestForm,
  errors: FieldErrors,
  inventory: InventorySnapshot,
  intro: string,
  draft?: FormDraftInfo,
) {
  const read = new Set(draft?.understood.filter((u) => !u.suggested).flatMap((u) => u.fields) ?? []);
  const suggested = new Set(draft?.understood.filter((u) => u.suggested).flatMap((u) => u.fields) ?? []);
  const value = (field: FormField) => clip(form[field] ?? '', MAX_VALUE[field] ?? MAX_OTHER_VALUE);
  const label: Label = (field, text) =>
    read.has(field) ? `${text} (from your message)` : suggested.has(field) ? `${text} (suggested)` : text;
  const names = readPrincipalNames(form.principalNames);

  return {
    intro,
    hasErrors: Object.keys(errors).length > 0,
    understood: bullets(draft?.understood.map((u) => u.text) ?? []),
    notes: bullets(draft?.notes ?? []),
    form: Object.fromEntries(FORM_FIELDS.map((field) => [field, value(field)])),
    labels: Object.fromEntries(FORM_FIELDS.map((field) => [field, label(field, LABELS[field] ?? field)])),
    errors: Object.fromEntries(FORM_FIELDS.map((field) => [field, errors[field] ?? ''])),
    ...unitsView(form, inventory, label),
    ...gatewayView(inventory),
    ...subnetView(inventory),
    memberRows: rowNumbers(MEMBER_ROWS).map((row) => memberRow(row, { form, errors, names, label })),
    managerRows: rowNumbers(MANAGER_ROWS).map((row) => managerRow(row, { form, errors, names, label })),
    ...logAnalyticsView(form, inventory),
    principalNames: JSON.stringify(Object.fromEntries(names)),
  };
}

function bullets(lines: string[]) {
  return capList(lines, MAX_LINES).map((line) => ({ line: `\u2022 ${line}` }));
}

function unitsView(form: RequestForm, inventory: InventorySnapshot, label: Label) {
  const units = Number(form.gatewayUnits);
  const { min, max } = inventory.units;
  return {
    units: inventory.units,
    unitsLabel: label('gatewayUnits', `Scale units (${min} to ${max}, as Azure offers them)`),
    unitsValue: Number.isInteger(units) && units > 0 ? units : inventory.units.min,
  };
}

function gatewayView(inventory: InventorySnapshot) {
  const eligible = inventory.gateways.filter((g) => !g.ineligibleReason);
  const ineligible = inventory.gateways.filter((g) => g.ineligibleReason);
  const choices = withinBudget(eligible.map((g) => ({
    title: `${g.name} (${g.workspaceCount} of ${MAX_WORKSPACES_PER_GATEWAY} workspaces, ${unitCount(g.units)})`,
    value: g.name,
  })));
  const notes = capList(ineligible.map((g) => clip(`${g.name} ${g.ineligibleReason}`, MAX_TITLE)), 5);
  const more = eligible.length - choices.length;
  if (more > 0) notes.push(`${more} more gateways can take a workspace: type "gateways" to see them all`);

  return {
    gatewayChoices: choices,
    ineligibleNote: notes.length ? `Not offered: ${notes.join('; ')}.` : '',
    noGatewayNote: eligible.length ? '' : 'No existing gateway can take another workspace; create a new one.',
  };
}

/** Only subnets that can host a gateway in one of the VNet modes are offered; the rest are explained. */
function subnetView(inventory: InventorySnapshot) {
  const usable = inventory.subnets.map((s) => ({ subnet: s, modes: usableModes(s, inventory) }));
  const offered = usable.filter((u) => u.modes.length > 0);
  const refused = usable
    .filter((u) => u.modes.length === 0)
    .map((u) => clip(whyNot(u.subnet, inventory), MAX_TITLE));
  const choices = withinBudget(offered.map(({ subnet, modes }) => ({
    title: `${subnet.virtualNetwork}/${subnet.name} (${subnet.addressPrefix}), for ${modes.join(' or ')}`,
    value: subnet.id,
  })));

  return {
    subnetChoices: choices,
    subnetNote: [
      offered.length > choices.length ? `${offered.length - choices.length} more usable subnets are not listed.` : '',
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
  const injection = subnet.delegations.includes('Microsoft.Web/hostingEnvironments');
  const mode = injection ? 'vnet_injection' : 'vnet_integration';
  return (subnetProblem(subnet.id, mode, inventory) ?? '').replace(/\.$/, '');
}

interface RowInput {
  form: RequestForm;
  errors: FieldErrors;
  names: Map<string, string>;
  label: Label;
}

function memberRow(row: number, input: RowInput) {
  const { form, errors, label } = input;
  const field = (part: Parameters<typeof memberField>[1]) => memberField(row, part);
  return {
    title: `Members, row ${row}`,
    ...principalInputs(field('People'), field('GroupIds'), input),
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

function managerRow(row: number, input: RowInput) {
  const { form, errors, label } = input;
  const field = (part: Parameters<typeof managerField>[1]) => managerField(row, part);
  return {
    title: `Gateway managers, row ${row}`,
    ...principalInputs(field('People'), field('GroupIds'), input),
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
function principalInputs(peopleField: FormField, groupsField: FormField, input: RowInput) {
  const { form, errors, names, label } = input;
  // A picker shows at most as many people as a request may name (the rest is refused anyway).
  const people = splitIds(clip(form[peopleField] ?? '', MAX_OTHER_VALUE)).slice(0, MAX_PRINCIPALS);
  return {
    peopleId: peopleField,
    peopleLabel: label(peopleField, 'People'),
    peopleValue: people.join(','),
    peopleChoices: people.map((id): Choice => ({
      title: clip(names.get(id.toLowerCase()) ?? id, MAX_TITLE),
      value: id,
    })),
    peopleError: errors[peopleField] ?? '',
    groupsId: groupsField,
    groupsLabel: label(groupsField, 'Entra groups (object ids, separated by commas)'),
    groupsValue: clip(form[groupsField] ?? '', MAX_OTHER_VALUE),
    groupsError: errors[groupsField] ?? '',
  };
}

/** The first choices, titles clipped, up to MAX_CHOICES and the character budget of a list. */
function withinBudget(choices: Choice[]): Choice[] {
  const kept: Choice[] = [];
  let used = 0;
  for (const choice of choices.slice(0, MAX_CHOICES)) {
    const title = clip(choice.title, MAX_TITLE);
    used += title.length + choice.value.length;
    if (used > CHOICES_BUDGET) break;
    kept.push({ title, value: choice.value });
  }
  return kept;
}

function unitCount(units: number): string {
  return `${units} ${units === 1 ? 'unit' : 'units'}`;
}

function roleChoices(roles: Record<string, { name: string }>): Choice[] {
  return Object.entries(roles).map(([value, role]) => ({ title: role.name, value }));
}

/** Gateway logs go where the service's own diagnostic setting sends them, unless chosen otherwise. */
function logAnalyticsView(form: RequestForm, inventory: InventorySnapshot) {
  const current = inventory.serviceLogDestination.toLowerCase();
  const choices = withinBudget(inventory.logAnalyticsWorkspaces.map((w) => ({
    title: [
      w.name,
      w.location ? ` (${w.location})` : '',
      w.id.toLowerCase() === current ? ', used by the service today' : '',
    ].join(''),
    value: w.id,
  })));
  return {
    logAnalyticsChoices: choices,
    logAnalyticsValue: form.logAnalyticsWorkspaceId || inventory.serviceLogDestination,
    logAnalyticsNote: logAnalyticsNote(inventory),
  };
}

function logAnalyticsNote(inventory: InventorySnapshot): string {
  if (!inventory.serviceLogDestination) {
    return (
      'The API Management service does not send gateway logs anywhere yet. The workspace you ' +
      "choose receives them for the service and this one; with none chosen, the platform's default is used."
    );
  }
  return "This workspace's gateway logs go where the service's already go, unless you choose another.";
}
