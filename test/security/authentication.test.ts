import { REQUESTER, REQUESTER_CHAT } from '../../src/local-teams/journey';
import { allTexts } from '../../src/local-teams/local-connector';
import { BotFrameworkTokenIssuer } from '../support/bot-framework-tokens';
import { startTestApp, type TestApp } from '../support/test-app';

const APP_ID = '11111111-2222-4333-8444-555555555555';

/** The bot with MicrosoftAppId set validates every inbound Bot Framework token. */
describe('authentication of inbound activities', () => {
  const issuer = new BotFrameworkTokenIssuer();
  let t: TestApp;

  beforeAll(async () => {
    await issuer.start();
    t = await startTestApp({ MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'not-a-real-secret-value', BOT_OPENID_METADATA_URL: issuer.metadataUrl });
  });
  afterAll(async () => {
    await t.stop();
    await issuer.stop();
  });

  async function statusWith(token: string | undefined) {
    t.client.token = token;
    const before = t.connector.calls.length;
    const answer = await t.client.invoke(REQUESTER, REQUESTER_CHAT, 'card-1', 'refresh', { requestId: 'WR-NOPE00' });
    const httpStatus = answer.httpStatus;
    await t.client.message(REQUESTER, REQUESTER_CHAT, 'help');
    return { httpStatus, replies: t.connector.calls.length - before, answer };
  }

  it('answers an activity with a valid token', async () => {
    const { httpStatus, answer } = await statusWith(issuer.sign(APP_ID, t.connector.url));
    expect(httpStatus).toBe(200);
    expect(allTexts(answer.body?.value).join(' ')).toMatch(/There is no request WR-NOPE00/);
  });

  it.each([
    ['no token', () => undefined],
    ['a token signed by an unknown key', () => issuer.sign(APP_ID, t.connector.url, { signedBy: 'stranger' })],
    ['an unsigned token', () => issuer.unsigned(APP_ID, t.connector.url)],
    ['an expired token', () => issuer.sign(APP_ID, t.connector.url, { expiresInSeconds: -3600 })],
    ['a token for another bot', () => issuer.sign('99999999-2222-4333-8444-555555555555', t.connector.url)],
  ])('refuses %s with 401 and sends nothing', async (_kind, token) => {
    const { httpStatus, replies } = await statusWith(token());
    expect(httpStatus).toBe(401);
    expect(replies).toBe(0);
  });

  it('never writes the client secret or a token into the log', async () => {
    const token = issuer.sign(APP_ID, t.connector.url);
    await statusWith(token);
    const text = JSON.stringify(t.logs);
    expect(text).not.toContain('not-a-real-secret-value');
    expect(text).not.toContain(token);
    expect(text).not.toMatch(/Bearer [A-Za-z0-9-_]{20,}/);
  });
});
