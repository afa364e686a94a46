import { ArmError, badRequest, validationError } from './ArmError';
import type { ArmRequest, ArmResponse } from './armHttp';
import { headerValue, isObject, json } from './armHttp';
import type { WorkspaceRecord } from './EmulatorState';
import { keyOf } from './EmulatorState';
import { ifMatchAccepts, nextEtag, quoted } from './etags';
import { parseFilter } from './odataFilter';
import { removeResourceTree } from './operationEffects';
import { pageOf } from './paging';
import { findWorkspace, requireService } from './parents';
import { defineRoute, type Route, type RouteArguments } from './Router';

const SERVICE =
  '/subscriptions/{subscription}/resourceGroups/{group}/providers/Microsoft.ApiManagement/service/{service}';
const COLLECTION = `${SERVICE}/workspaces`;
const ITEM = `${COLLECTION}/{workspace}`;

export function workspaceView(workspace: WorkspaceRecord) {
  return {
    id: workspace.id,
    type: 'Microsoft.ApiManagement/service/workspaces',
    name: workspace.name,
    properties: {
      displayName: workspace.displayName,
      ...(workspace.description !== undefined ? { description: workspace.description } : {}),
    },
  };
}

function withEtag(status: number, workspace: WorkspaceRecord): ArmResponse {
  return json(status, workspaceView(workspace), { ETag: quoted(workspace.etag) });
}

function notFound(name: string): ArmError {
  return new ArmError(404, 'ResourceNotFound', `Workspace '${name}' not found.`);
}

/** If-Match is required on PATCH and DELETE (spec IfMatchRequiredParameter). */
function requiredIfMatch(request: ArmRequest): string {
  const ifMatch = headerValue(request.headers, 'if-match');
  if (ifMatch === undefined || ifMatch.trim() === '') {
    const message = "The 'If-Match' header is required for this operation.";
    throw badRequest('MissingIfMatchHeader', message);
  }
  return ifMatch;
}

function checkPrecondition(ifMatch: string | undefined, workspace: WorkspaceRecord): void {
  if (ifMatch === undefined || ifMatchAccepts(ifMatch, workspace.etag)) return;
  throw new ArmError(
    412,
    'PreconditionFailed',
    'The If-Match header does not match the current entity tag of the workspace.',
  );
}

interface WorkspaceFields {
  displayName?: string;
  description?: string;
}

/** Reads `properties` from a PUT (displayName required) or PATCH (all optional) body. */
function readProperties(body: unknown, displayNameRequired: boolean): WorkspaceFields {
  if (!isObject(body) || !isObject(body.properties)) {
    throw validationError("The request body must contain a 'properties' object.");
  }
  const { displayName, description } = body.properties;
  if (displayName === undefined && displayNameRequired) {
    throw validationError("'properties.displayName' is required.");
  }
  if (displayName !== undefined && (typeof displayName !== 'string' || displayName.trim() === '')) {
    throw validationError("'properties.displayName' must be a non-empty string.");
  }
  if (description !== undefined && description !== null && typeof description !== 'string') {
    throw validationError("'properties.description' must be a string.");
  }
  return {
    ...(displayName !== undefined ? { displayName } : {}),
    ...(typeof description === 'string' ? { description } : {}),
  };
}

function list({ core, request, params }: RouteArguments): ArmResponse {
  const parent = requireService(core, params);
  const fields = ['name', 'displayName', 'description'];
  const predicate = parseFilter(request.query.get('$filter'), fields);
  const workspaces = Object.values(core.state.workspaces)
    .filter((workspace) => workspace.id.toLowerCase().startsWith(`${parent.toLowerCase()}/`))
    .filter((workspace) => predicate({ ...workspace }))
    .sort((left, right) => left.name.localeCompare(right.name));
  const page = pageOf(core, request, workspaces.map(workspaceView));
  return json(200, { ...page, count: workspaces.length });
}

function get({ core, params }: RouteArguments): ArmResponse {
  const { record } = findWorkspace(core, params);
  if (record === undefined) throw notFound(params.workspace ?? '');
  return withEtag(200, record);
}

function head(args: RouteArguments): ArmResponse {
  const response = get(args);
  return { status: response.status, headers: response.headers ?? {} };
}

function put({ core, request, params }: RouteArguments): ArmResponse {
  const { id, record } = findWorkspace(core, params);
  const fields = readProperties(request.body, true);
  const displayName = fields.displayName ?? '';
  if (record !== undefined) {
    checkPrecondition(headerValue(request.headers, 'if-match'), record);
    const etag = nextEtag(core.state);
    Object.assign(record, { displayName, description: fields.description, etag });
    core.changed();
    return withEtag(200, record);
  }
  const created: WorkspaceRecord = {
    id,
    name: params.workspace ?? '',
    displayName,
    ...(fields.description !== undefined ? { description: fields.description } : {}),
    etag: nextEtag(core.state),
  };
  core.state.workspaces[keyOf(id)] = created;
  core.changed();
  return withEtag(201, created);
}

function patch({ core, request, params }: RouteArguments): ArmResponse {
  const ifMatch = requiredIfMatch(request);
  const { record } = findWorkspace(core, params);
  if (record === undefined) throw notFound(params.workspace ?? '');
  checkPrecondition(ifMatch, record);
  const fields = readProperties(request.body, false);
  Object.assign(record, fields, { etag: nextEtag(core.state) });
  core.changed();
  return withEtag(200, record);
}

function remove({ core, request, params }: RouteArguments): ArmResponse {
  const ifMatch = requiredIfMatch(request);
  const { record } = findWorkspace(core, params);
  if (record === undefined) return { status: 204 };
  checkPrecondition(ifMatch, record);
  removeResourceTree(core, record.id);
  return { status: 200 };
}

export const WORKSPACE_ROUTES: readonly Route[] = [
  defineRoute('GET', COLLECTION, 'workspaces.list', 'apiManagement', list),
  defineRoute('GET', ITEM, 'workspaces.get', 'apiManagement', get),
  defineRoute('HEAD', ITEM, 'workspaces.head', 'apiManagement', head),
  defineRoute('PUT', ITEM, 'workspaces.put', 'apiManagement', put),
  defineRoute('PATCH', ITEM, 'workspaces.patch', 'apiManagement', patch),
  defineRoute('DELETE', ITEM, 'workspaces.delete', 'apiManagement', remove),
];
