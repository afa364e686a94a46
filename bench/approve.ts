import { EMULATOR_SEED } from '../src/emulator';
import { APPROVALS_CHANNEL, APPROVER, factValue } from '../src/local-teams/journey';
import { type InvokeAnswer, type TeamsClient, type TeamsUser } from '../src/local-teams/teams-client';

/** The emulator's second seeded approver, for policies that want two approvals. */
export const SECOND_APPROVER: TeamsUser = {
  id: '29:dee-platform',
  aadObjectId: EMULATOR_SEED.principals.secondApprover,
  name: 'Dee Platform',
};

/**
 * Approves on the approval card as Bo, and as Dee too when the approval policy wants a second
 * approval. Returns the last answer; its State fact says where the request now stands.
 */
export async function approveOnCard(client: TeamsClient, requestId: string, cardActivityId: string): Promise<InvokeAnswer> {
  let answer = await client.invoke(APPROVER, APPROVALS_CHANNEL, cardActivityId, 'approve', { requestId, version: 1 });
  if (factValue(answer.body?.value, 'State') === 'Waiting for approval') {
    answer = await client.invoke(SECOND_APPROVER, APPROVALS_CHANNEL, cardActivityId, 'approve', { requestId, version: 1 });
  }
  return answer;
}

