import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { EMULATOR_SEED } from './seed';

/**
 * Tokens look like JWTs (header.payload.signature, HS256) so that code which peeks at `oid`
 * behaves as with Entra tokens. The key is a published constant: the signature only proves the
 * token came from this credential, it protects nothing.
 */
const SIGNING_KEY = 'apim-workspace-bot local ARM emulator';
const TOKEN_LIFETIME_MS = 60 * 60 * 1000;

export interface EmulatorTokenClaims {
  oid: string;
  tid: string;
  aud: string;
  iat: number;
  exp: number;
}

export interface EmulatorCredentialOptions {
  /** Object id the tokens are issued for (keys the throttling buckets). Default: the seeded bot. */
  principalId?: string;
}

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function sign(content: string): string {
  return createHmac('sha256', SIGNING_KEY).update(content).digest('base64url');
}

export function issueEmulatorToken(principalId: string, audience: string): AccessToken {
  const issuedAt = Math.floor(Date.now() / 1000);
  const expiresOnTimestamp = (issuedAt * 1000) + TOKEN_LIFETIME_MS;
  const claims: EmulatorTokenClaims = {
    oid: principalId,
    tid: EMULATOR_SEED.tenantId,
    aud: audience,
    iat: issuedAt,
    exp: expiresOnTimestamp / 1000,
  };
  const content = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  return { token: `${content}.${sign(content)}`, expiresOnTimestamp };
}

/** A credential for the real SDK clients; the emulator accepts the tokens it issues. */
export function createEmulatorCredential(options: EmulatorCredentialOptions = {}): TokenCredential {
  const principalId = options.principalId ?? EMULATOR_SEED.principals.bot;
  return {
    async getToken(scopes: string | string[]): Promise<AccessToken> {
      const scope = Array.isArray(scopes) ? (scopes[0] ?? '') : scopes;
      return issueEmulatorToken(principalId, scope.replace(/\/\.default$/, ''));
    },
  };
}

/**
 * Returns the claims of a valid token, or a reason it is not valid. Expiry is checked against
 * wall time, not the emulator clock: the SDK caches tokens by wall time too.
 */
export function verifyEmulatorToken(token: string): EmulatorTokenClaims | string {
  const parts = token.split('.');
  if (parts.length !== 3) return 'The access token is not in the expected format.';
  const [header, payload, signature] = parts as [string, string, string];
  const expected = Buffer.from(sign(`${header}.${payload}`));
  const actual = Buffer.from(signature);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    return 'The access token signature is invalid.';
  }
  const claims = parseClaims(payload);
  if (claims === undefined) return 'The access token payload is not valid.';
  if (claims.exp * 1000 <= Date.now()) return 'The access token has expired.';
  return claims;
}

function parseClaims(payload: string): EmulatorTokenClaims | undefined {
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
    if (typeof claims !== 'object' || claims === null) return undefined;
    const { oid, exp } = claims as Partial<EmulatorTokenClaims>;
    if (typeof oid !== 'string' || typeof exp !== 'number') return undefined;
    return claims as EmulatorTokenClaims;
  } catch {
    return undefined;
  }
}
