import { createHash } from 'node:crypto';
import { normalizeLocation } from './regions';

/** A stable 16-character suffix, like the opaque part of real gateway hostnames. */
function suffixFor(resourceId: string): string {
  const digest = createHash('sha256').update(resourceId.toLowerCase()).digest();
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(digest.subarray(0, 16), (byte) => alphabet[byte % alphabet.length]).join('');
}

/** `<gateway>-<hash>.gateway.<region>-01.azure-api.net` (contract §5). */
export function gatewayHostname(gatewayId: string, name: string, location: string): string {
  const region = normalizeLocation(location);
  return `${name.toLowerCase()}-${suffixFor(gatewayId)}.gateway.${region}-01.azure-api.net`;
}

/** `<cc>-<hash>.<gateway>.gateway.<region>.azure-api.net`, as in the spec examples. */
export function configConnectionHostname(
  connectionId: string,
  connection: string,
  gateway: string,
  location: string,
): string {
  const region = normalizeLocation(location);
  const prefix = `${connection.toLowerCase()}-${suffixFor(connectionId)}`;
  return `${prefix}.${gateway.toLowerCase()}.gateway.${region}.azure-api.net`;
}
