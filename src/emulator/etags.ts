import type { EmulatorState } from './EmulatorState';

/** Next opaque ETag, shaped like APIM's ("AAAAAAAmRAM="). */
export function nextEtag(state: EmulatorState): string {
  state.etagCounter += 1;
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(BigInt(state.etagCounter));
  return bytes.toString('base64');
}

/** ETag header value: APIM sends it quoted. */
export function quoted(etag: string): string {
  return `"${etag}"`;
}

function bare(value: string): string {
  return value.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
}

/** If-Match semantics: `*` or the current ETag, quoted or not. */
export function ifMatchAccepts(ifMatch: string, etag: string): boolean {
  return ifMatch
    .split(',')
    .map(bare)
    .some((candidate) => candidate === '*' || candidate === etag);
}
