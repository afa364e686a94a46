import fs from 'node:fs';
import path from 'node:path';
import * as ACData from 'adaptivecards-templating';
import { fitCard } from './card-size';
import { literalCard } from './literal-text';

export type CardName = 'request-form' | 'request' | 'message';

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  version: string;
  [key: string]: unknown;
}

const CARDS_DIR = path.resolve(__dirname, '../../../cards');

/**
 * Renders the JSON templates in `cards/` with `adaptivecards-templating`. View models are data:
 * user-typed text bound with `${...}` is inserted literally and never evaluated as template.
 * Every rendered card is then made literal (no Markdown, see literal-text.ts) and kept under
 * Teams' size limit (card-size.ts); a card that cannot fit throws `CardTooLargeError`.
 */
export class CardRenderer {
  private readonly templates = new Map<CardName, ACData.Template>();

  constructor(directory = CARDS_DIR) {
    for (const name of ['request-form', 'request', 'message'] as CardName[]) {
      const json = JSON.parse(fs.readFileSync(path.join(directory, `${name}.json`), 'utf8'));
      this.templates.set(name, new ACData.Template(json));
    }
  }

  render(name: CardName, view: object): AdaptiveCard {
    const template = this.templates.get(name);
    if (!template) throw new Error(`No card template named ${name}`);
    const expanded = withoutNulls(template.expand({ $root: view })) as AdaptiveCard;
    return fitCard(expanded, literalCard);
  }
}

/** The templating engine leaves `null` where a `$when` dropped an object property; cards must not carry it. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((item) => item !== null).map(withoutNulls);
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, item]) => item !== null && item !== undefined);
    return Object.fromEntries(entries.map(([key, item]) => [key, withoutNulls(item)]));
  }
  return value;
}
