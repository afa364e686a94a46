import { AzureError, TRACK_BY_READING, type OperationState } from '../../core/azure';
import { parseRetryAfter, toAzureError } from './azure-errors';

/** The parts of an SDK poller this adapter uses. */
interface Poller<T> {
  isDone(): boolean;
  toString(): string;
  getResult(): T | undefined;
}

/** Every raw response of a `begin*` call (the PUT and each poll) passes through this callback. */
export interface WatchOptions {
  onResponse: (response: { status: number; headers: { get(name: string): string | undefined } }) => void;
}

/**
 * Runs one step of a long-running operation through the SDK's poller (the PUT and its first poll,
 * or one poll of a resumed poller) and reports it as an `OperationState` the core can save.
 *
 * When the operation's status cannot be read (a 404 because ARM has not replicated a new
 * operation yet or has dropped an old one, or a transient error right after the PUT was
 * accepted), the resource itself is read from then on: the PUT is never sent again.
 */
export async function watchOperation<T>(
  start: (options: WatchOptions) => Promise<Poller<T>>,
  { afterPut, describe }: { afterPut: boolean; describe?: (result: T | undefined) => string | undefined },
): Promise<OperationState> {
  let responses = 0;
  let accepted = false;
  let retryAfterSeconds: number | undefined;
  const onResponse: WatchOptions['onResponse'] = (response) => {
    if (responses === 0) accepted = response.status >= 200 && response.status < 300;
    responses += 1;
    retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'));
  };

  try {
    const poller = await start({ onResponse });
    const done = poller.isDone();
    return done
      ? { done, token: poller.toString(), detail: describe?.(poller.getResult()) }
      : { done, token: poller.toString(), retryAfterSeconds };
  } catch (error) {
    const azureError = toAzureError(error);
    if (statusUnreadable(azureError, afterPut ? accepted : true)) {
      return { done: false, token: TRACK_BY_READING, retryAfterSeconds: azureError.retryAfterSeconds };
    }
    throw azureError;
  }
}

// TODO(azure): after a lost first poll the resource is read instead of the operation, so a later
// failure shows "ended in the Failed state" rather than Azure's own message; rebuilding the SDK
// poller from the PUT's Azure-AsyncOperation header would need core-lro internals.
function statusUnreadable(error: AzureError, operationExists: boolean): boolean {
  if (!operationExists) return false;
  return error.status === 404;
}

/** An operation followed by reading the resource: its provisioningState says how far it is. */
export function byProvisioningState(state: string | undefined, what: string, detail?: string): OperationState {
  if (state === 'Failed' || state === 'Canceled') {
    throw new AzureError(`${what} ended in the ${state} state in Azure.`, `Provisioning${state}`, 200, false);
  }
  const done = state === 'Succeeded';
  return { done, token: TRACK_BY_READING, ...(done ? { detail } : {}) };
}
