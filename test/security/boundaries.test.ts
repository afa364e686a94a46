import { REQUESTER, REQUESTER_CHAT, TENANT_ID_FOR_TESTS } from './fixtures';
import { startTestApp } from '../support/test-app';

describe('who the bot listens to', () => {
  it('refuses to start unauthenticated on a non-loopback address', async () => {
    await expect(startTestApp({ HOST: '0.0.0.0' })).rejects.toThrow(/not a loopback address and MicrosoftAppId is not set/);
  });

  it('starts on a non-loopback address only when told to, and warns about it', async () => {
    const t = await startTestApp({ HOST: '0.0.0.0', ALLOW_UNAUTHENTICATED_REMOTE: 'true' });
    try {
      expect(t.logs.some((l) => l.level === 40 && /unauthenticated activities on a non-loopback address/.test(String(l.msg)))).toBe(true);
    } finally {
      await t.stop();
    }
  });

  it('ignores activities from tenants outside the allow-list, with a log line', async () => {
    const t = await startTestApp({ ALLOWED_TENANTS: 'aaaaaaaa-0000-4000-8000-000000000000' });
    try {
      await t.client.message(REQUESTER, REQUESTER_CHAT, 'help');
      expect(t.connector.calls).toHaveLength(0);
      expect(t.logs.some((l) => /outside ALLOWED_TENANTS/.test(String(l.msg)) && l.tenant === TENANT_ID_FOR_TESTS)).toBe(true);
    } finally {
      await t.stop();
    }
  });

  it('serves its own tenant when it is on the allow-list', async () => {
    const t = await startTestApp({ ALLOWED_TENANTS: `aaaaaaaa-0000-4000-8000-000000000000,${TENANT_ID_FOR_TESTS}` });
    try {
      await t.client.message(REQUESTER, REQUESTER_CHAT, 'help');
      expect(t.connector.calls).toHaveLength(1);
    } finally {
      await t.stop();
    }
  });
});
