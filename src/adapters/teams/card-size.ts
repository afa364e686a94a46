/**
 * Teams refuses a message whose card payload is over about 28 KB. View models keep lists short
 * ("and N more"); this is the last line of defence for text nobody expected to be that long.
 */
export const MAX_CARD_BYTES = 27 * 1024;

/** Texts shorter than this are never clipped: the card is too big for another reason. */
const SHORTEST_CLIPPED = 80;

export class CardTooLargeError extends Error {
  constructor(readonly bytes: number) {
    super(`The card is ${bytes} bytes even with its texts clipped; Teams accepts about ${MAX_CARD_BYTES}.`);
    this.name = 'CardTooLargeError';
  }
}

export function cardBytes(card: unknown): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

/** Elision a person can see, the rest of the text being in the bot's records. */
export function clip(text: string, maxCharacters: number): string {
  const characters = Array.from(text);
  if (characters.length <= maxCharacters) return text;
  return `${characters.slice(0, Math.max(1, maxCharacters - 1)).join('')}\u2026`;
}

/**
 * Makes a card fit: while `finish(card)` is too large, halves the longest text that only shows
 * something. Input values are never clipped, because they come back as what the user typed.
 */
export function fitCard<T>(card: T, finish: (card: T) => T): T {
  let current = card;
  for (;;) {
    const finished = finish(current);
    const bytes = cardBytes(finished);
    if (bytes <= MAX_CARD_BYTES) return finished;

    const longest = longestText(current);
    if (!longest || Array.from(longest.get()).length < SHORTEST_CLIPPED) throw new CardTooLargeError(bytes);
    current = structuredClone(current);
    const target = longestText(current);
    target?.set(clip(target.get(), Math.floor(Array.from(target.get()).length / 2)));
  }
}

/** Texts that only show something: clipping them loses no input. */
const CLIPPABLE: Record<string, string[]> = {
  AdaptiveCard: ['fallbackText'],
  TextBlock: ['text'],
  TextRun: ['text'],
  Fact: ['value'],
};

interface TextSlot {
  get(): string;
  set(value: string): void;
}

function longestText(card: unknown): TextSlot | undefined {
  let best: TextSlot | undefined;
  let bestLength = -1;
  const visit = (node: unknown, parentType: string) => {
    if (Array.isArray(node)) return node.forEach((item) => visit(item, parentType));
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    const type = typeof record.type === 'string' ? record.type : parentType;
    const keys = CLIPPABLE[type] ?? [];
    for (const key of keys) {
      const value = record[key];
      if (typeof value === 'string' && value.length > bestLength) {
        bestLength = value.length;
        best = { get: () => record[key] as string, set: (text) => (record[key] = text) };
      }
    }
    for (const [key, value] of Object.entries(record)) visit(value, key === 'facts' ? 'Fact' : type);
  };
  visit(card, '');
  return best;
}
