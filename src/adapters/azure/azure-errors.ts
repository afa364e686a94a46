import { isRestError } from '@azure/core-rest-pipeline';
import { AzureError } from '../../core/azure';

// Codes ARM uses when another operation holds the resource; waiting and retrying is right.
const IN_PROGRESS = /InProgress|AnotherOperation|Conflict.*Operation|RetryableError/i;

/** Turns whatever the Azure SDK threw into an `AzureError` that says whether to wait or to fail. */
export function toAzureError(error: unknown): AzureError {
  if (error instanceof AzureError) return error;
  if (isRestError(error)) {
    const status = error.statusCode;
    const code = error.code ?? (status ? `Http${status}` : 'NetworkError');
    const retryAfter = Number(error.response?.headers.get('retry-after'));
    const retryAfterSeconds = Number.isFinite(retryAfter) ? retryAfter : undefined;
    const retryable =
      status === undefined ||
      status === 429 ||
      status === 408 ||
      status >= 500 ||
      (status === 409 && IN_PROGRESS.test(code));
    return new AzureError(error.message, code, status, retryable, retryAfterSeconds);
  }
  const message = error instanceof Error ? error.message : String(error);
  // core-lro reports a Failed operation as a plain Error carrying Azure's message.
  return new AzureError(message, 'OperationFailed', undefined, false);
}
