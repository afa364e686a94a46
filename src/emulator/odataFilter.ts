import { badRequest } from './ArmError';

type Fields = Record<string, string | undefined>;
type Predicate = (fields: Fields) => boolean;

const FUNCTION_CLAUSE = /^(contains|startswith|endswith)\(\s*(\w+)\s*,\s*'((?:[^']|'')*)'\s*\)$/i;
const COMPARISON_CLAUSE = /^(\w+)\s+(eq|ne)\s+'((?:[^']|'')*)'$/i;

function clause(text: string, allowed: readonly string[]): Predicate {
  const call = FUNCTION_CLAUSE.exec(text);
  const comparison = COMPARISON_CLAUSE.exec(text);
  const [field, operator, literal] = call
    ? [call[2], call[1], call[3]]
    : comparison
      ? [comparison[1], comparison[2], comparison[3]]
      : [undefined, undefined, undefined];
  const name = allowed.find((candidate) => candidate.toLowerCase() === field?.toLowerCase());
  if (name === undefined || operator === undefined || literal === undefined) {
    const message = `Invalid $filter clause '${text}'. Supported fields: ${allowed.join(', ')}.`;
    throw badRequest('ValidationError', message);
  }
  const value = literal.replace(/''/g, "'").toLowerCase();
  const read = (fields: Fields) => (fields[name] ?? '').toLowerCase();
  switch (operator.toLowerCase()) {
    case 'contains':
      return (fields) => read(fields).includes(value);
    case 'startswith':
      return (fields) => read(fields).startsWith(value);
    case 'endswith':
      return (fields) => read(fields).endsWith(value);
    case 'ne':
      return (fields) => read(fields) !== value;
    default:
      return (fields) => read(fields) === value;
  }
}

/** The small OData subset APIM list calls accept: eq/ne/contains/startswith/endswith with "and". */
export function parseFilter(filter: string | null, allowed: readonly string[]): Predicate {
  if (filter === null || filter.trim() === '') return () => true;
  const predicates = filter.split(/\s+and\s+/i).map((part) => clause(part.trim(), allowed));
  return (fields) => predicates.every((predicate) => predicate(fields));
}
