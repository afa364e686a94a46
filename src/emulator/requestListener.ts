import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ArmRequestHandler } from './ArmRequestHandler';
import { send } from './armHttp';
import { CONTROL_PREFIX, type ControlDependencies, handleControl } from './controlApi';
import { readBody, splitTarget } from './incomingCall';

/** Sends `/_emulator/...` to the control API and everything else to the ARM handler. */
export function createRequestListener(
  control: ControlDependencies,
  armHandler: () => ArmRequestHandler | undefined,
) {
  const serve = async (request: IncomingMessage, response: ServerResponse) => {
    const method = request.method ?? 'GET';
    const rawBody = await readBody(request);
    const { path, query } = splitTarget(request.url ?? '/');
    if (path.startsWith(CONTROL_PREFIX)) {
      send(response, method, handleControl(request, path, rawBody, control));
      return;
    }
    const handler = armHandler();
    if (handler === undefined) {
      send(response, method, { status: 503, headers: { 'Retry-After': '1' } });
      return;
    }
    await handler.handle(request, response, { method, path, query, rawBody });
  };
  return (request: IncomingMessage, response: ServerResponse) => {
    serve(request, response).catch((error: unknown) => {
      const body = { error: { code: 'InternalServerError', message: String(error) } };
      if (!response.headersSent) send(response, request.method ?? 'GET', { status: 500, body });
    });
  };
}
