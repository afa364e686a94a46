/** An ARM error answer: `{"error":{"code","message"}}` with the given HTTP status. */
export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ArmError';
  }

  toBody(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

export function badRequest(code: string, message: string): ArmError {
  return new ArmError(400, code, message);
}

export function conflict(code: string, message: string): ArmError {
  return new ArmError(409, code, message);
}

/** The message ARM uses for a missing tracked resource, so logs read like the real thing. */
export function resourceNotFound(type: string, name: string, resourceGroup: string): ArmError {
  return new ArmError(
    404,
    'ResourceNotFound',
    `The Resource '${type}/${name}' under resource group '${resourceGroup}' was not found. ` +
      'For more details please go to https://aka.ms/ARMResourceNotFoundFix',
  );
}

export function parentNotFound(type: string, name: string): ArmError {
  return new ArmError(
    404,
    'ParentResourceNotFound',
    `Failed to perform the operation because the parent resource '${type}/${name}' was not found.`,
  );
}

export function validationError(message: string): ArmError {
  return badRequest('ValidationError', message);
}
