import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import restify from 'restify';

const ISSUER = 'https://api.botframework.com';

/**
 * A local stand-in for the Bot Framework's token signing keys (OpenID metadata and JWKS), which
 * cannot be reached from here, and a signer for tokens as the Bot Connector would send them.
 */
export class BotFrameworkTokenIssuer {
  private readonly trusted = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private readonly stranger = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private server?: restify.Server;
  metadataUrl = '';

  async start(): Promise<void> {
    const server = restify.createServer();
    server.get('/.well-known/openid-configuration', async (_req, res) => {
      res.send(200, { issuer: ISSUER, jwks_uri: `${this.baseUrl()}/keys`, id_token_signing_alg_values_supported: ['RS256'] });
    });
    server.get('/keys', async (_req, res) => {
      const jwk = this.trusted.publicKey.export({ format: 'jwk' });
      res.send(200, { keys: [{ ...jwk, kid: 'trusted-key', use: 'sig', alg: 'RS256', endorsements: ['msteams'] }] });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    this.server = server;
    this.metadataUrl = `${this.baseUrl()}/.well-known/openid-configuration`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** A token for `audience` (the bot's app id); options make it wrong in one way at a time. */
  sign(audience: string, serviceUrl: string, options: { signedBy?: 'trusted' | 'stranger'; expiresInSeconds?: number } = {}): string {
    const key: KeyObject = options.signedBy === 'stranger' ? this.stranger.privateKey : this.trusted.privateKey;
    const now = Math.floor(Date.now() / 1000);
    const expires = now + (options.expiresInSeconds ?? 3600);
    const claims = { iss: ISSUER, aud: audience, serviceurl: serviceUrl, nbf: now - 600, iat: now - 600, exp: expires };
    return jwt.sign(claims, key, { algorithm: 'RS256', keyid: 'trusted-key' });
  }

  /** A token with no signature at all (`alg: none`). */
  unsigned(audience: string, serviceUrl: string): string {
    const now = Math.floor(Date.now() / 1000);
    return jwt.sign({ iss: ISSUER, aud: audience, serviceurl: serviceUrl, exp: now + 3600 }, '', { algorithm: 'none' });
  }

  private baseUrl(): string {
    return `http://127.0.0.1:${(this.server?.address() as { port: number }).port}`;
  }
}
