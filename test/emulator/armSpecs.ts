import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv, { type ValidateFunction } from 'ajv';

/** Copies of the 2024-05-01 OpenAPI files (MIT, provenance in arm-specs/LICENSE.md). */
export const SPEC_ROOT = resolve(__dirname, 'arm-specs/specification');
const APIM_PATH = 'apimanagement/resource-manager/Microsoft.ApiManagement/stable/2024-05-01';
export const APIM_DIR = join(SPEC_ROOT, APIM_PATH);
export const EXAMPLES_DIR = join(APIM_DIR, 'examples');
const COMMON_V5 = join(SPEC_ROOT, 'common-types/resource-management/v5/types.json');
const COMMON_V2 = join(SPEC_ROOT, 'common-types/resource-management/v2/types.json');
const SPEC_FILES = [
  'apigateway.json',
  'apimgatewayConfigConnections.json',
  'apimworkspaces.json',
  'definitions.json',
  'apimanagement.json',
];

type Json = Record<string, unknown>;

function readJson(path: string): Json {
  return JSON.parse(readFileSync(path, 'utf8')) as Json;
}

function fileUrl(path: string): string {
  return pathToFileURL(path).href;
}

const documentPaths = [...SPEC_FILES.map((file) => join(APIM_DIR, file)), COMMON_V5, COMMON_V2];
const documents = new Map<string, Json>(
  documentPaths.map((path) => [fileUrl(path), readJson(path)]),
);

/** Swagger 2.0 schemas as JSON Schema: x-ms-* and friends ignored, formats not checked. */
const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
for (const [url, document] of documents) ajv.addSchema({ ...document, $id: url });

export function specValidator(file: string, definition: string): ValidateFunction {
  const ref = `${fileUrl(join(APIM_DIR, file))}#/definitions/${definition}`;
  return ajv.compile({ $ref: ref });
}

export function commonValidator(definition: string): ValidateFunction {
  return ajv.compile({ $ref: `${fileUrl(COMMON_V5)}#/definitions/${definition}` });
}

/** Resolves a `$ref` relative to the document it appears in. */
function dereference(schema: Json, base: string): { schema: Json; base: string } {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return { schema, base };
  const [file, pointer = ''] = ref.split('#');
  const target = file ? new URL(file, base).href : base;
  const document = documents.get(target);
  if (document === undefined) throw new Error(`Unknown spec document ${target}`);
  const keys = pointer.split('/').filter(Boolean);
  const resolved = keys.reduce<unknown>((node, key) => (node as Json)[key], document);
  return dereference(resolved as Json, target);
}

interface Declared {
  properties: Map<string, { schema: Json; base: string }>;
  items?: { schema: Json; base: string };
  openEnded: boolean;
}

function declared(schemaIn: Json, baseIn: string): Declared {
  const { schema, base } = dereference(schemaIn, baseIn);
  const openEnded = schema.additionalProperties !== undefined;
  const result: Declared = { properties: new Map(), openEnded };
  for (const [name, child] of Object.entries((schema.properties as Json | undefined) ?? {})) {
    result.properties.set(name, { schema: child as Json, base });
  }
  for (const part of (schema.allOf as Json[] | undefined) ?? []) {
    const inherited = declared(part, base);
    inherited.properties.forEach((value, key) => result.properties.set(key, value));
    result.openEnded ||= inherited.openEnded;
  }
  if (schema.items !== undefined) result.items = { schema: schema.items as Json, base };
  return result;
}

/** Paths of properties in `value` the schema does not declare (swagger allows them; we don't). */
export function undeclaredProperties(file: string, definition: string, value: unknown): string[] {
  const base = fileUrl(join(APIM_DIR, file));
  return walk({ $ref: `#/definitions/${definition}` }, base, value, '$');
}

function walk(schema: Json, base: string, value: unknown, path: string): string[] {
  const shape = declared(schema, base);
  if (Array.isArray(value)) {
    const items = shape.items;
    if (items === undefined) return [];
    return value.flatMap((item, index) => walk(items.schema, items.base, item, `${path}[${index}]`));
  }
  if (typeof value !== 'object' || value === null || shape.openEnded) return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const property = shape.properties.get(key);
    if (property === undefined) return [`${path}.${key}`];
    return walk(property.schema, property.base, child, `${path}.${key}`);
  });
}

export interface ExampleOperation {
  file: string;
  method: string;
  pathTemplate: string;
  responses: Record<string, { schema?: Json }>;
  example: Json;
}

/** Every example in examples/ with the operation that references it. */
export function exampleOperations(): ExampleOperation[] {
  const operations: ExampleOperation[] = [];
  for (const file of SPEC_FILES) {
    const spec = readJson(join(APIM_DIR, file));
    for (const [pathTemplate, methods] of Object.entries((spec.paths as Json | undefined) ?? {})) {
      for (const [method, operation] of Object.entries(methods as Json)) {
        const references = (operation as Json)['x-ms-examples'] as Record<string, { $ref: string }>;
        const examples = references ?? {};
        for (const { $ref } of Object.values(examples)) {
          const examplePath = resolve(dirname(join(APIM_DIR, file)), $ref);
          operations.push({
            file: examplePath.split('/').pop() ?? '',
            method: method.toUpperCase(),
            pathTemplate,
            responses: (operation as Json).responses as Record<string, { schema?: Json }>,
            example: readJson(examplePath),
          });
        }
      }
    }
  }
  return operations;
}

export function exampleFiles(): string[] {
  return readdirSync(EXAMPLES_DIR).filter((file) => file.endsWith('.json'));
}

/**
 * Shape comparison: every key of the example is present in the actual body with the same JSON
 * type. Nulls and empty strings in examples mean "may be absent"; arrays match when each example
 * element has some actual element of its shape; `tags` is data, so only its type counts.
 */
export function shapeMismatches(example: unknown, actual: unknown, path = '$'): string[] {
  if (example === null || example === '') return [];
  if (Array.isArray(example)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array`];
    return example.flatMap((item, index) =>
      actual.some((candidate) => shapeMismatches(item, candidate).length === 0)
        ? []
        : [`${path}[${index}]: no element has this shape (${shapeMismatches(item, actual[0])})`],
    );
  }
  if (typeof example === 'object') {
    if (typeof actual !== 'object' || actual === null || Array.isArray(actual)) {
      return [`${path}: expected an object`];
    }
    if (path.endsWith('.tags')) return [];
    return Object.entries(example).flatMap(([key, value]) =>
      key in actual
        ? shapeMismatches(value, (actual as Json)[key], `${path}.${key}`)
        : value === null || value === ''
          ? []
          : [`${path}.${key}: missing`],
    );
  }
  if (typeof example === typeof actual) return [];
  return [`${path}: expected ${typeof example}, got ${typeof actual}`];
}
