import { cardBytes, MAX_CARD_BYTES } from '../../src/adapters/teams/card-size';
import { validateAdaptiveCard } from '../support/adaptive-card-schema';
import { allCards, openCardServices, withoutTeamsExtensions, type CardServices, type CatalogueCard } from './card-catalogue';

describe('every card the bot sends', () => {
  let env: CardServices;
  let cards: CatalogueCard[];

  beforeAll(async () => {
    env = await openCardServices();
    cards = await allCards(env.services);
  });
  afterAll(async () => env.close());

  it('covers the form, the request card in every state for every viewer, the notices and the message cards', () => {
    expect(cards.length).toBeGreaterThanOrEqual(3 + 10 * 4 + 7 + 3);
  });

  it('validates against the Adaptive Card 1.5 schema (the Teams people picker aside)', () => {
    const problems = cards.flatMap(({ name, card }) => validateAdaptiveCard(withoutTeamsExtensions(card)).map((p) => `${name}: ${p}`));
    expect(problems).toEqual([]);
  });

  it('declares version 1.5 and a fallback text for clients that cannot show it', () => {
    for (const { name, card } of cards) {
      expect({ name, version: card.version }).toEqual({ name, version: '1.5' });
      expect({ name, fallbackText: typeof card.fallbackText === 'string' && card.fallbackText.trim().length > 0 }).toEqual({ name, fallbackText: true });
    }
  });

  it('stays under the size Teams accepts', () => {
    const tooBig = cards.filter(({ card }) => cardBytes(card) > MAX_CARD_BYTES).map(({ name, card }) => `${name}: ${cardBytes(card)} bytes`);
    expect(tooBig).toEqual([]);
  });

  it('leaves out only the documented people picker when checking the schema', () => {
    const form = cards.find((c) => c.name === 'form empty')?.card;
    const picker = /,"choices\.data":\{"type":"Data\.Query","dataset":"graph\.microsoft\.com\/users"\}/g;
    expect(JSON.stringify(form).match(picker)).toHaveLength(5);
    expect(JSON.stringify(withoutTeamsExtensions(form))).toBe(JSON.stringify(form).replace(picker, ''));

    const otherQuery = { type: 'Data.Query', dataset: 'graph.microsoft.com/groups' };
    const changed = JSON.parse(JSON.stringify(form).replace(picker, `,"choices.data":${JSON.stringify(otherQuery)}`));
    expect(validateAdaptiveCard(withoutTeamsExtensions(changed))).toContainEqual(expect.stringMatching(/does not allow: "choices\.data"/));
  });
});
