import { canHappen, nextState, type RequestEvent } from '../../src/core/transitions';
import { REQUEST_STATES, type RequestState } from '../../src/core/request';

describe('request state machine', () => {
  it('walks the happy path from draft to succeeded', () => {
    const events: RequestEvent[] = ['submit', 'approve', 'start_provisioning', 'succeed'];
    const states = events.reduce<RequestState[]>((acc, event) => [...acc, nextState(acc[acc.length - 1], event)], ['draft']);
    expect(states).toEqual(['draft', 'pending_approval', 'approved', 'provisioning', 'succeeded']);
  });

  it('lets a failed request be retried or abandoned, and a slow one still succeed', () => {
    expect(nextState('failed', 'retry')).toBe('provisioning');
    expect(nextState('failed', 'abandon')).toBe('cancelled');
    expect(nextState('provisioning', 'budget_exceeded')).toBe('still_provisioning');
    expect(nextState('still_provisioning', 'succeed')).toBe('succeeded');
  });

  it.each(['approve', 'reject', 'cancel'] as RequestEvent[])('allows %s only while pending approval', (event) => {
    const allowed = REQUEST_STATES.filter((state) => canHappen(state, event));
    expect(allowed.every((state) => ['pending_approval', 'draft'].includes(state))).toBe(true);
    expect(allowed).toContain('pending_approval');
  });

  it('refuses a second decision with a message people can read', () => {
    expect(() => nextState('approved', 'reject')).toThrow('This request is approved, so it cannot be rejected now.');
    expect(() => nextState('succeeded', 'fail')).toThrow(/succeeded/);
  });

  it('has no way out of a final state', () => {
    const events: RequestEvent[] = ['submit', 'approve', 'reject', 'cancel', 'expire', 'start_provisioning', 'budget_exceeded', 'succeed', 'fail', 'retry', 'abandon'];
    for (const state of ['succeeded', 'rejected', 'cancelled', 'expired'] as RequestState[]) {
      expect(events.filter((event) => canHappen(state, event))).toEqual([]);
    }
  });
});
