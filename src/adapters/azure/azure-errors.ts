import { isRestError, type RestError } from '@azure/core-rest-pipeline';
import { AzureError } from '../../core/azure';

// Codes ARM uses when another operation holds the resource; waiting and retrying is right.
const IN_PROGRESS = /InProgress|AnotherOperation|Conflict.*Operation|RetryableError/i;

// core-lro reports a Failed operation as a plain Error:
// "The long-running operation has failed. <code>. <message>".
const FAILED_OPERATION = /^The long-running operation has failed(?:\. ([^.\s]+)\. ([\s\S]*))?$/;

/**
 * Turns whatever the Azure SDK threw into an `AzureError` that says whether to wait or to fail:
 * throttling, server and network errors and operations in progress are worth waiting for;
 * validation errors and failed operations are not, and keep Azure's message for people.
 */
export function toAzureError(error: unknown): AzureError {
  if (error instanceof AzureError) return error;
  if (isRestError(error)) return fromRestError(error);

  const message = error instanceof Error ? error.message : String(error);
  const failed = FAILED_OPERATION.exec(message);
  if (failed) {
    const [, code, azureMessage] = failed;
    const text = azureMessage?.trim() || 'Azure reported the operation as Failed.';
    return new AzureError(text, code ?? 'OperationFailed', undefined, false);
  }
  return new AzureError(message, 'OperationFailed', undefined, false);
}

function fromRestError(error: RestError): AzureError {
  const status = error.statusCode;
  const code = error.code ?? (status ? `Http${status}` : 'NetworkError');
  const retryable =
    status === undefined ||
    status === 429 ||
    status === 408 ||
    (status >= 500 && status !== 501 && status !== 505) ||
    (status === 409 && IN_PROGRESS.test(code));
  return new AzureError(error.message, code, status, retryable, retryAfterSeconds(error));
}

/** Retry-After in seconds, given as seconds or as an HTTP date; undefined when absent. */
export function retryAfterSeconds(error: RestError): number | undefined {
  return parseRetryAfter(error.response?.headers.get('retry-after'));
}

export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds > 0 ? seconds : undefined;
  const at = Date.parse(value);
  return Number.isFinite(at) && at > now ? Math.ceil((at - now) / 1000) : undefined;
}

/** Runs one SDK call and turns whatever it throws into an AzureError. */
export async function call<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    throw toAzureError(error);
  }
}

/** The resource, or undefined when Azure answers 404; any other error is thrown as AzureError. */
export async function readIfExists<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    const azureError = toAzureError(error);
    if (azureError.status === 404) return undefined;
    throw azureError;
  }
}
