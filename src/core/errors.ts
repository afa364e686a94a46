/**
 * Business errors with a code and a message that is safe to show people.
 * The Teams adapter turns them into cards at one boundary; anything else is an
 * unexpected error and becomes a short apology with a correlation id.
 */
export type DomainErrorCode =
  | 'not_found'
  | 'not_an_approver'
  | 'own_request'
  | 'already_decided'
  | 'already_counted'
  | 'not_requester'
  | 'stale_card'
  | 'invalid_transition'
  | 'invalid_request'
  | 'unidentified_user'
  | 'azure_refused';

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
