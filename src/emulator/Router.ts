import type { ApiFamily } from './apiVersions';
import type { ArmRequest, ArmResponse } from './armHttp';
import type { EmulatorCore } from './EmulatorCore';

export interface RouteArguments {
  request: ArmRequest;
  /** Decoded path parameters. */
  params: Record<string, string>;
  core: EmulatorCore;
}

export interface Route {
  method: string;
  /** Name in the request log, e.g. "gateways.put". */
  operation: string;
  family: ApiFamily;
  pattern: RegExp;
  handle(args: RouteArguments): ArmResponse;
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

/**
 * Compiles `/subscriptions/{subscription}/...` into a case-insensitive regex (ARM paths are
 * case-insensitive). `{name}` is one segment; `{*name}` is any run of segments (RBAC scopes).
 */
function compile(template: string): RegExp {
  const source = template
    .split(/(\{\*?[a-zA-Z]+\})/)
    .map((part) => {
      const parameter = /^\{(\*?)([a-zA-Z]+)\}$/.exec(part);
      if (parameter === null) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      return parameter[1] === '*' ? `(?<${parameter[2]}>/.+?)` : `(?<${parameter[2]}>[^/]+)`;
    })
    .join('');
  return new RegExp(`^${source}/?$`, 'i');
}

export function defineRoute(
  method: string,
  template: string,
  operation: string,
  family: ApiFamily,
  handle: Route['handle'],
): Route {
  return { method, operation, family, pattern: compile(template), handle };
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** First route whose method and pattern match; routes are tried in order. */
export function matchRoute(routes: readonly Route[], method: string, path: string) {
  for (const route of routes) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(path);
    if (match === null) continue;
    const params: Record<string, string> = {};
    for (const [name, value] of Object.entries(match.groups ?? {})) params[name] = decode(value);
    return { route, params } satisfies RouteMatch;
  }
  return undefined;
}

/** True when some route serves the path with another method (for 405 rather than 404). */
export function pathKnown(routes: readonly Route[], path: string): boolean {
  return routes.some((route) => route.pattern.test(path));
}
