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
 * something. Only when none is left to clip are typed values and choices clipped too: inputs
 * come back as the user typed them, and no person types that much into a card.
 */
export function fitCard<T>(card: T, finish: (card: T) => T): T {
  let current = card;
  for (;;) {
    const finished = finish(current);
    const bytes = cardBytes(finished);
    if (bytes <= MAX_CARD_BYTES) return finished;

    current = structuredClone(current);
    const target = clippable(current, DISPLAY_TEXTS) ?? clippable(current, TYPED_TEXTS);
    if (!target) throw new CardTooLargeError(bytes);
    target.set(clip(target.get(), Math.floor(Array.from(target.get()).length / 2)));
  }
}

function clippable(card: unknown, keys: Record<string, string[]>): TextSlot | undefined {
  const longest = longestText(card, keys);
  return longest && Array.from(longest.get()).length >= SHORTEST_CLIPPED ? longest : undefined;
}

/** Texts that only show something: clipping them loses no input. */
const DISPLAY_TEXTS: Record<string, string[]> = {
  AdaptiveCard: ['fallbackText'],
  TextBlock: ['text'],
  TextRun: ['text'],
  Fact: ['value'],
};

/**
 * The last resort, reached only by values no card input lets a person type (a forged
 * submission, a list of hundreds of ids): typed values, picked values and choices.
 */
const TYPED_TEXTS: Record<string, string[]> = {
  'Input.Text': ['value'],
  'Input.ChoiceSet': ['value'],
  Choice: ['title', 'value'],
};

/** Items of these arrays have no `type` of their own. */
const ITEM_TYPES: Record<string, string> = { facts: 'Fact', choices: 'Choice' };

interface TextSlot {
  get(): string;
  set(value: string): void;
}

function longestText(card: unknown, clippableKeys: Record<string, string[]>): TextSlot | undefined {
  let best: TextSlot | undefined;
  let bestLength = -1;
  const visit = (node: unknown, parentType: string) => {
    if (Array.isArray(node)) return node.forEach((item) => visit(item, parentType));
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    const type = typeof record.type === 'string' ? record.type : parentType;
    const keys = clippableKeys[type] ?? [];
    for (const key of keys) {
      const value = record[key];
      if (typeof value === 'string' && value.length > bestLength) {
        bestLength = value.length;
        best = { get: () => record[key] as string, set: (text) => (record[key] = text) };
      }
    }
    for (const [key, value] of Object.entries(record)) visit(value, ITEM_TYPES[key] ?? type);
  };
  visit(card, '');
  return best;
}
