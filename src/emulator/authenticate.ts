import { ArmError } from './ArmError';
import { verifyEmulatorToken } from './emulatorCredential';

const CHALLENGE =
  'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token"';

/** The caller's object id from a valid emulator token, or the 401 ARM would answer. */
export function authenticate(authorization: string | undefined): string | ArmError {
  if (authorization === undefined || !/^Bearer\s+\S+/i.test(authorization)) {
    return new ArmError(
      401,
      'AuthenticationFailed',
      "Authentication failed. The 'Authorization' header is missing or is not a Bearer token.",
      { 'WWW-Authenticate': CHALLENGE },
    );
  }
  const claims = verifyEmulatorToken(authorization.replace(/^Bearer\s+/i, '').trim());
  if (typeof claims === 'string') {
    return new ArmError(401, 'AuthenticationFailed', `Authentication failed. ${claims}`, {
      'WWW-Authenticate': CHALLENGE,
    });
  }
  return claims.oid.toLowerCase();
}
