import type { InvokeAnswer } from '../../src/local-teams/teams-client';

/**
 * Checks that an `adaptiveCard/action` invoke was answered the way Teams requires: HTTP 200 with
 * `statusCode: 200`, the Adaptive Card content type and a 1.5 card as `value`, fully rendered
 * (no template expression left). Returns the card. Schema checks of each card live with its tests.
 */
export function expectCardAnswer(answer: InvokeAnswer): Record<string, unknown> {
  expect(answer.httpStatus).toBe(200);
  expect(answer.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
  const card = answer.body?.value;
  expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
  expect(JSON.stringify(card)).not.toMatch(/\$\{|undefined|\bnull\b/);
  return card as Record<string, unknown>;
}
