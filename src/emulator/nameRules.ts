import { badRequest } from './ArmError';

export interface NameRule {
  label: string;
  min: number;
  max: number;
  pattern: RegExp;
  hint: string;
}

const LETTER_START = /^[a-zA-Z](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/;
const LETTER_START_HINT =
  'start with a letter, contain only letters, digits and hyphens, and not end with a hyphen';

/** Path parameter rules from the 2024-05-01 spec (apimanagement.json) and common-types v5. */
export const NAME_RULES = {
  gateway: { label: 'gateway', min: 1, max: 45, pattern: LETTER_START, hint: LETTER_START_HINT },
  configConnection: {
    label: 'config connection',
    min: 1,
    max: 30,
    pattern: LETTER_START,
    hint: LETTER_START_HINT,
  },
  workspace: {
    label: 'workspace',
    min: 1,
    max: 80,
    pattern: /^[^*#&+:<>?]+$/,
    hint: 'not contain any of * # & + : < > ?',
  },
  service: { label: 'service', min: 1, max: 50, pattern: LETTER_START, hint: LETTER_START_HINT },
  resourceGroup: {
    label: 'resource group',
    min: 1,
    max: 90,
    pattern: /^[-\w._()]+$/,
    hint: 'contain only letters, digits, underscores, hyphens, periods and parentheses',
  },
} as const satisfies Record<string, NameRule>;

/** 400 InvalidResourceName unless `name` satisfies the rule. */
export function checkName(rule: NameRule, name: string): void {
  if (name.length >= rule.min && name.length <= rule.max && rule.pattern.test(name)) return;
  throw badRequest(
    'InvalidResourceName',
    `The ${rule.label} name '${name}' is invalid. It must be ${rule.min} to ${rule.max} ` +
      `characters long and ${rule.hint}.`,
  );
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: string): boolean {
  return GUID.test(value);
}
