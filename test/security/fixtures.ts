export { REQUESTER, REQUESTER_CHAT } from '../../src/local-teams/journey';
export { TENANT_ID as TENANT_ID_FOR_TESTS } from '../../src/local-teams/teams-client';
