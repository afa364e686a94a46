import type { TurnContext } from 'botbuilder';
import type { AdaptiveCard } from './card-renderer';
import { restoreInput } from './literal-text';

/** The data an `Action.Execute` sends: our own fields plus every input of the card. */
export type ActionData = Record<string, unknown>;

export type CardActionHandler = (context: TurnContext, data: ActionData) => Promise<AdaptiveCard>;

/**
 * The invoke response Teams expects for `adaptiveCard/action`: always a card, never an error
 * or an empty body, so whoever pressed the button sees the current state.
 */
export function cardResponse(card: AdaptiveCard) {
  return {
    status: 200,
    body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card },
  };
}

/** Reads `action.verb` and `action.data` from an invoke value of any shape without trusting it. */
export function readAction(value: unknown): { verb: string; data: ActionData } {
  const action = (value as { action?: { verb?: unknown; data?: unknown } } | undefined)?.action;
  const verb = typeof action?.verb === 'string' ? action.verb : '';
  const data = action?.data && typeof action.data === 'object' ? (action.data as ActionData) : {};
  return { verb, data };
}

/** A string value of the card's data or inputs, exactly as the user typed it (see literal-text.ts). */
export function stringField(data: ActionData, key: string): string | undefined {
  const value = data[key];
  if (typeof value === 'string') return restoreInput(value);
  if (typeof value === 'number') return String(value);
  return undefined;
}
