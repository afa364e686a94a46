import { createHash, randomBytes } from 'node:crypto';

const ID_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A short request id people can read aloud and type: `WR-` and six unambiguous characters. */
export function newRequestId(): string {
  const bytes = randomBytes(6);
  let id = 'WR-';
  for (const byte of bytes) id += ID_ALPHABET[byte % ID_ALPHABET.length];
  return id;
}

/**
 * The config connection's name for a workspace: Azure allows 1 to 30 characters, starting with a
 * letter, so it is derived from the workspace name with a short hash that keeps it unique.
 */
export function connectionNameFor(workspaceName: string): string {
  const hash = createHash('sha256').update(workspaceName).digest('hex').slice(0, 6);
  const base = workspaceName
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .slice(0, 20)
    .replace(/-+$/, '');
  return base ? `${base}-${hash}` : `ws-${hash}`;
}
