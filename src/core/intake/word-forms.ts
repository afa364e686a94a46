/**
 * Word forms the intake understands, with the typos people make in chat. A word is folded to a
 * canonical form: its alias (plural, synonym), or the vocabulary word it is a typo of.
 */

/** Words whose meaning matters; typos are corrected only towards these. */
const VOCABULARY = [
  'workspace', 'gateway', 'unit', 'capacity', 'scale',
  'public', 'private', 'outbound', 'inbound', 'integration', 'injection', 'vnet', 'internal', 'external',
  'existing', 'shared', 'dedicated', 'separate', 'new', 'own',
  'reader', 'contributor', 'developer', 'product', 'manager', 'owner',
  'called', 'description', 'resource', 'fully', 'completely', 'entirely',
] as const;

const ALIASES: Record<string, string> = {
  units: 'unit', gw: 'gateway', gateways: 'gateway', gws: 'gateway', workspaces: 'workspace',
  vnets: 'vnet', 'v-net': 'vnet', egress: 'outbound', ingress: 'inbound', integrated: 'integration',
  injected: 'injection', privately: 'private', publicly: 'public', sharing: 'shared', share: 'shared',
  reuse: 'existing', developers: 'developer', devs: 'developer', dev: 'developer',
  contributors: 'contributor', readers: 'reader', viewer: 'reader', viewers: 'reader',
  readonly: 'reader', 'read-only': 'reader', managers: 'manager', owners: 'owner', owns: 'owner',
  pms: 'pm', named: 'called', nodes: 'unit', instances: 'unit',
};

/** Real words one typo away from a vocabulary word; they keep their own meaning. */
const PROTECTED = new Set([
  'leader', 'leaders', 'loader', 'header', 'managed', 'developed', 'owned', 'exiting', 'separated',
  'unity', 'until', 'unite', 'privacy', 'scales', 'scaled', 'shares', 'shard', 'callers', 'reading',
]);

const NUMBER_WORDS: Record<string, number> = {
  zero: 0, one: 1, single: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8,
  nine: 9, ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15,
  sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20,
};

/** The canonical form of one word (already lower case). */
export function canonicalWord(word: string): string {
  const bare = word.replace(/['\u2019]s$/, '');
  if (ALIASES[bare]) return ALIASES[bare];
  if ((VOCABULARY as readonly string[]).includes(bare) || PROTECTED.has(bare)) return bare;
  const corrected = closest(bare, VOCABULARY);
  if (corrected) return corrected;
  const plural = bare.endsWith('s') ? closest(bare.slice(0, -1), VOCABULARY) : undefined;
  return plural ?? bare;
}

/** A number written in digits or in words ("two", "thre", "12"); undefined when it is none. */
export function numberValue(word: string): number | undefined {
  if (/^\d{1,3}$/.test(word)) return Number(word);
  if (word in NUMBER_WORDS) return NUMBER_WORDS[word];
  const corrected = closest(word, Object.keys(NUMBER_WORDS));
  return corrected === undefined ? undefined : NUMBER_WORDS[corrected];
}

/**
 * The only candidate within typo distance of `word`, or undefined when none or several are.
 * Short words are too close to other words ("down", "knew"), so they are never a correction target.
 */
function closest(word: string, candidates: readonly string[]): string | undefined {
  const allowed = word.length < 4 ? 0 : word.length < 8 ? 1 : 2;
  if (allowed === 0 || PROTECTED.has(word)) return undefined;

  let best: string | undefined;
  let bestDistance = allowed + 1;
  let tie = false;
  for (const candidate of candidates) {
    if (candidate.length < 4 || Math.abs(candidate.length - word.length) > allowed) continue;
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) [best, bestDistance, tie] = [candidate, distance, false];
    else if (distance === bestDistance) tie = true;
  }
  return best && !tie ? best : undefined;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swapped neighbours. */
export function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j += 1) rows[0][j] = j;

  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
      }
    }
  }
  return rows[a.length][b.length];
}
