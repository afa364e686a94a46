import { renameSync, writeFileSync } from 'node:fs';

let sequence = 0;

/** Writes through a temporary file and a rename, so a crash never leaves a half-written file. */
export function writeFileAtomically(path: string, content: string, mode = 0o644): void {
  sequence += 1;
  const temporary = `${path}.${process.pid}.${sequence}.tmp`;
  writeFileSync(temporary, content, { mode });
  renameSync(temporary, path);
}
