import { randomUUID } from 'node:crypto';

export interface TeamsUser {
  /** The Teams user id (`29:...`). */
  id: string;
  aadObjectId: string;
  name: string;
}

export interface TeamsConversation {
  id: string;
  conversationType: 'personal' | 'channel' | 'groupChat';
}

export interface InvokeAnswer {
  httpStatus: number;
  body: { statusCode?: number; type?: string; value?: Record<string, unknown> } | undefined;
}

export const TENANT_ID = '72f988bf-0000-4000-8000-00000000e0e0';
export const BOT = { id: '28:apim-workspace-bot', name: 'APIM Workspaces' };

/**
 * Sends activities to the bot's `/api/messages` the way Teams does, with `serviceUrl` pointing at
 * a local connector that receives the bot's replies.
 */
export class TeamsClient {
  /** A Bot Framework token sent as `Authorization: Bearer`, as the Bot Connector does. */
  token?: string;

  constructor(
    private readonly botUrl: string,
    private readonly serviceUrl: string,
  ) {}

  /**
   * A chat message; in a channel the bot is @mentioned, as Teams requires. `mentions` are the
   * people the text @mentions as `<at>Name</at>`; Teams sends their Teams ids (`29:...`) and,
   * given here, their Entra object ids.
   */
  async message(from: TeamsUser, conversation: TeamsConversation, text: string, mentions: Array<Partial<TeamsUser> & { id: string; name: string }> = []): Promise<number> {
    const mention = `<at>${BOT.name}</at>`;
    const inChannel = conversation.conversationType !== 'personal';
    const people = mentions.map((m) => ({ type: 'mention', text: `<at>${m.name}</at>`, mentioned: m }));
    const activity = {
      ...this.base(from, conversation),
      type: 'message',
      text: inChannel ? `${mention} ${text}` : text,
      entities: [...(inChannel ? [{ type: 'mention', text: mention, mentioned: BOT }] : []), ...people],
    };
    const response = await this.post(activity);
    return response.status;
  }

  /** Presses an `Action.Execute` button on the card with activity id `replyToId`. */
  async invoke(from: TeamsUser, conversation: TeamsConversation, replyToId: string, verb: unknown, data: Record<string, unknown>, trigger = 'manual'): Promise<InvokeAnswer> {
    const activity = {
      ...this.base(from, conversation),
      type: 'invoke',
      name: 'adaptiveCard/action',
      replyToId,
      value: { action: { type: 'Action.Execute', verb, data }, trigger },
    };
    return this.sendInvoke(activity);
  }

  /** Sends any invoke activity as given, for tests of malformed input. */
  async sendInvoke(activity: Record<string, unknown>): Promise<InvokeAnswer> {
    const response = await this.post(activity);
    const text = await response.text();
    return { httpStatus: response.status, body: text ? JSON.parse(text) : undefined };
  }

  private base(from: TeamsUser, conversation: TeamsConversation) {
    return {
      id: `act-in-${randomUUID().slice(0, 12)}`,
      timestamp: new Date().toISOString(),
      channelId: 'msteams',
      serviceUrl: this.serviceUrl,
      from,
      recipient: BOT,
      conversation: { ...conversation, tenantId: TENANT_ID, isGroup: conversation.conversationType !== 'personal' },
      channelData: { tenant: { id: TENANT_ID } },
      locale: 'en-US',
    };
  }

  private post(activity: Record<string, unknown>): Promise<Response> {
    return fetch(`${this.botUrl}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: JSON.stringify(activity),
    });
  }
}
