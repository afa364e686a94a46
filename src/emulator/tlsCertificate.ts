import { X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { writeFileAtomically } from './atomicFile';

export interface TlsCertificate {
  cert: string;
  key: string;
}

const CERT_FILE = 'emulator-cert.pem';
const KEY_FILE = 'emulator-key.pem';
/** Regenerate a little before expiry so a long-running demo never hits an expired cert. */
const RENEW_MARGIN_MS = 7 * 24 * 60 * 60 * 1000;

/** Loads the emulator's self-signed certificate from dataDir, creating it on first start. */
export async function loadOrCreateCertificate(dataDir: string): Promise<TlsCertificate> {
  mkdirSync(dataDir, { recursive: true });
  const certPath = join(dataDir, CERT_FILE);
  const keyPath = join(dataDir, KEY_FILE);
  if (existsSync(certPath) && existsSync(keyPath)) {
    const stored = { cert: readFileSync(certPath, 'utf8'), key: readFileSync(keyPath, 'utf8') };
    if (isCurrent(stored.cert)) return stored;
  }
  const created = await createCertificate();
  writeFileAtomically(keyPath, created.key, 0o600);
  writeFileAtomically(certPath, created.cert);
  return created;
}

function isCurrent(pem: string): boolean {
  try {
    const validTo = Date.parse(new X509Certificate(pem).validTo);
    return validTo - RENEW_MARGIN_MS > Date.now();
  } catch {
    return false;
  }
}

async function createCertificate(): Promise<TlsCertificate> {
  const notBeforeDate = new Date(Date.now() - 60_000);
  const notAfterDate = new Date(notBeforeDate.getTime() + 825 * 24 * 60 * 60 * 1000);
  // P-256 rather than RSA: handshakes are several times cheaper, which shows under benchmark load.
  const generated = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  return { cert: generated.cert, key: generated.private };
}
