import fs from 'node:fs';
import path from 'node:path';

/**
 * Absolute path of a file under the shared `reference/` folder (official schemas and the
 * Teams host config). `SHARED_DIR` names the folder that holds `reference/`; without it the
 * checkout is expected to sit next to `shared/`.
 */
export function sharedReferencePath(...segments: string[]): string {
  const root = process.env.SHARED_DIR
    ? path.resolve(process.env.SHARED_DIR, 'reference')
    : path.resolve(__dirname, '../../../shared/reference');
  const file = path.join(root, ...segments);
  if (!fs.existsSync(file)) {
    throw new Error(
      `Reference file not found: ${file}. Set SHARED_DIR to the folder that holds reference/.`,
    );
  }
  return file;
}

/** Reads and parses a JSON file under the shared `reference/` folder. */
export function readSharedJson(...segments: string[]): unknown {
  return JSON.parse(fs.readFileSync(sharedReferencePath(...segments), 'utf8'));
}
