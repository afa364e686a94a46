import { badRequest } from './ArmError';
import type { ArmRequest } from './armHttp';
import type { EmulatorCore } from './EmulatorCore';

/** APIM's page size when the caller gives no $top. */
const DEFAULT_PAGE_SIZE = 100;

function integerParameter(request: ArmRequest, name: string, minimum: number) {
  const raw = request.query.get(name);
  if (raw === null) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < minimum) {
    const message = `Query parameter '${name}' must be an integer >= ${minimum}.`;
    throw badRequest('ValidationError', message);
  }
  return value;
}

/** One page of `items` per $top/$skip, with an absolute nextLink when more remain. */
export function pageOf<T>(core: EmulatorCore, request: ArmRequest, items: readonly T[]) {
  const top = integerParameter(request, '$top', 1);
  const skip = integerParameter(request, '$skip', 0) ?? 0;
  const size = top ?? DEFAULT_PAGE_SIZE;
  const value = items.slice(skip, skip + size);
  if (skip + size >= items.length) return { value };
  const next = new URLSearchParams(request.query);
  next.set('$top', String(size));
  next.set('$skip', String(skip + size));
  return { value, nextLink: `${core.baseUrl}${request.path}?${next.toString()}` };
}
