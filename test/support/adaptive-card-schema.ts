import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import draft06MetaSchema from 'ajv/dist/refs/json-schema-draft-06.json';
import { readSharedJson } from './shared-reference';

/** The newest card version the bundled schema (and Teams on every client) accepts. */
const SCHEMA_VERSION = '1.5';

type Schema = Record<string, unknown>;

interface Validators {
  /** The upstream schema as published: the only judge of valid or not. */
  exact: ValidateFunction;
  /** The same rules with element unions dispatched on `type`, used to word the errors. */
  explaining: ValidateFunction;
}

let validators: Validators | undefined;

function createAjv(): Ajv {
  // strict: false because the upstream schema carries annotation keywords (version,
  // features, examples) that Ajv would otherwise reject.
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addMetaSchema(draft06MetaSchema);
  // Ajv 8 throws on the draft-04 style `id` the file uses at its root; it is only a label.
  ajv.removeKeyword('id');
  ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:\S*$/i);
  ajv.addFormat('uri-reference', /^\S*$/);
  return ajv;
}

/**
 * Rewrites each `ImplementationsOf.*` union (an anyOf of one branch per element type) as
 * "type must be one of these, and then the branch for that type". It accepts exactly the
 * same cards, but a mistake in a TextBlock is reported once instead of once per element type.
 */
function dispatchUnionsOnType(schema: Schema): Schema {
  const copy = structuredClone(schema) as Schema & { definitions: Record<string, Schema> };
  copy.$schema = 'http://json-schema.org/draft-07/schema#';
  for (const [name, definition] of Object.entries(copy.definitions)) {
    if (!name.startsWith('ImplementationsOf.')) continue;
    const refs = (definition.anyOf as Array<{ allOf: Array<{ $ref: string }> }>).map(
      (branch) => branch.allOf[0].$ref,
    );
    const types = refs.map((ref) => ref.replace('#/definitions/', ''));
    copy.definitions[name] = {
      type: 'object',
      required: ['type'],
      properties: { type: { enum: types } },
      allOf: refs.map((ref, i) => ({
        if: { properties: { type: { const: types[i] } } },
        then: { $ref: ref },
      })),
    };
  }
  return copy;
}

function getValidators(): Validators {
  if (!validators) {
    const schema = readSharedJson('adaptive-cards', 'adaptive-card-1.5.schema.json') as Schema;
    validators = {
      exact: createAjv().compile(schema),
      explaining: createAjv().compile(dispatchUnionsOnType(schema)),
    };
  }
  return validators;
}

function describeError(error: ErrorObject): string {
  const where = error.instancePath || '(card)';
  switch (error.keyword) {
    case 'enum':
      return `${where} must be one of: ${(error.params.allowedValues as unknown[]).join(', ')}`;
    case 'additionalProperties': {
      const property = String(error.params.additionalProperty);
      return `${where} has a property the schema does not allow: "${property}"`;
    }
    default:
      return `${where} ${error.message ?? error.keyword}`;
  }
}

function readable(errors: ErrorObject[] | null | undefined): string[] {
  const wrappers = new Set(['anyOf', 'allOf', 'if']);
  const specific = (errors ?? []).filter((e) => !wrappers.has(e.keyword));
  // Where a value missed an enum, the other alternatives (a looser pattern, null) add noise.
  const enumPaths = new Set(
    specific.filter((e) => e.keyword === 'enum').map((e) => e.instancePath),
  );
  const focused = specific.filter(
    (e) => !enumPaths.has(e.instancePath) || !['pattern', 'type'].includes(e.keyword),
  );
  const chosen = focused.length > 0 ? focused : (errors ?? []);
  return [...new Set(chosen.map(describeError))];
}

function versionProblem(card: unknown): string[] {
  const version = (card as { version?: unknown } | null)?.version;
  if (typeof version !== 'string') return [];
  const [major, minor] = version.split('.').map(Number);
  const [maxMajor, maxMinor] = SCHEMA_VERSION.split('.').map(Number);
  const tooNew = major > maxMajor || (major === maxMajor && minor > maxMinor);
  return tooNew ? [`/version ${version} is newer than the ${SCHEMA_VERSION} schema`] : [];
}

/**
 * Checks a card against the official Adaptive Cards 1.5 schema. Returns readable problems,
 * one per line, each starting with the JSON pointer of the offending value; empty when the
 * card is valid. Note the schema has no room for the Teams-only root property `msteams`.
 */
export function validateAdaptiveCard(card: unknown): string[] {
  const { exact, explaining } = getValidators();
  const problems = versionProblem(card);
  if (exact(card)) return problems;

  explaining(card);
  const explained = readable(explaining.errors);
  return [...problems, ...(explained.length > 0 ? explained : readable(exact.errors))];
}
