import { validateAdaptiveCard } from '../support/adaptive-card-schema';

const approvalCard = {
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
  refresh: {
    action: { type: 'Action.Execute', verb: 'approval.refresh', data: { requestId: 'REQ-42' } },
    userIds: ['29:approver'],
  },
  body: [
    { type: 'TextBlock', text: 'Workspace request REQ-42', weight: 'Bolder', wrap: true },
    { type: 'FactSet', facts: [{ title: 'Workspace', value: 'payments' }] },
    {
      type: 'Input.Text',
      id: 'reason',
      label: 'Reason (needed to reject)',
      isMultiline: true,
    },
  ],
  actions: [
    { type: 'Action.Execute', title: 'Approve', verb: 'approval.approve', style: 'positive' },
    { type: 'Action.Execute', title: 'Reject', verb: 'approval.reject', style: 'destructive' },
  ],
};

describe('validateAdaptiveCard', () => {
  test('accepts a 1.5 card with refresh, inputs and Action.Execute', () => {
    expect(validateAdaptiveCard(approvalCard)).toEqual([]);
  });

  test('names the unknown element type and where it is, once', () => {
    const card = { ...approvalCard, body: [{ type: 'TextBlok', text: 'typo' }] };

    expect(validateAdaptiveCard(card)).toEqual([
      expect.stringMatching(/^\/body\/0\/type must be one of: .*\bTextBlock\b/),
    ]);
  });

  test('points at a wrongly typed verb and a missing input id', () => {
    const card = {
      ...approvalCard,
      body: [{ type: 'Input.Text', label: 'Reason' }],
      actions: [{ type: 'Action.Execute', title: 'Approve', verb: 42 }],
    };

    expect(validateAdaptiveCard(card)).toEqual([
      "/body/0 must have required property 'id'",
      '/actions/0/verb must be string',
    ]);
  });

  test('rejects the Teams-only msteams property and versions newer than 1.5', () => {
    const card = { ...approvalCard, version: '1.6', msteams: { width: 'Full' } };

    expect(validateAdaptiveCard(card)).toEqual([
      '/version 1.6 is newer than the 1.5 schema',
      '(card) has a property the schema does not allow: "msteams"',
    ]);
  });

  test('rejects something that is not a card at all', () => {
    expect(validateAdaptiveCard('hello')).toEqual(['(card) must be object']);
  });
});
