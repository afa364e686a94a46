import fs from 'node:fs';
import path from 'node:path';

/** bench/results.md holds the benchmarks' figures, then the soak's: each run rewrites its own part. */
export const RESULTS_FILE = path.join(__dirname, 'results.md');
const SOAK_MARKER = '<!-- npm run soak writes below this line -->';

export function writeBenchResults(markdown: string): void {
  const soak = readPart('soak') ?? '## Soak\n\nNot run yet: `npm run soak`.\n';
  fs.writeFileSync(RESULTS_FILE, `${markdown.trimEnd()}\n\n${SOAK_MARKER}\n\n${soak}`);
}

export function writeSoakResults(markdown: string): void {
  const bench = readPart('bench') ?? '# Benchmarks\n\nNot run yet: `npm run bench`.\n';
  fs.writeFileSync(RESULTS_FILE, `${bench.trimEnd()}\n\n${SOAK_MARKER}\n\n${markdown.trimEnd()}\n`);
}

function readPart(part: 'bench' | 'soak'): string | undefined {
  if (!fs.existsSync(RESULTS_FILE)) return undefined;
  const text = fs.readFileSync(RESULTS_FILE, 'utf8');
  const at = text.indexOf(SOAK_MARKER);
  if (at < 0) return part === 'bench' ? text : undefined;
  return part === 'bench' ? text.slice(0, at) : text.slice(at + SOAK_MARKER.length).trimStart();
}
