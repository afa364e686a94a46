import { randomUUID } from 'node:crypto';
import restify from 'restify';

/** One call the bot made to the Bot Connector: a new message, a reply, or an update of a card. */
export interface ConnectorCall {
  kind: 'send' | 'reply' | 'update';
  conversationId: string;
  activityId: string;
  activity: Record<string, unknown>;
  at: number;
}

export interface ConnectorFault {
  status: number;
  headers?: Record<string, string>;
  /** Only calls to conversations whose id contains this; all when absent. */
  conversation?: string;
  /** Only new messages, replies or card updates; all when absent. */
  kind?: ConnectorCall['kind'];
  remaining: number;
}

/**
 * A local stand-in for the Bot Connector service that receives what the bot sends to Teams.
 * `npm run demo` and the end-to-end tests point activities' `serviceUrl` at it.
 */
export class LocalConnector {
  readonly calls: ConnectorCall[] = [];
  private readonly faults: ConnectorFault[] = [];
  private readonly waiters = new Set<() => void>();
  private server?: restify.Server;
  url = '';

  async start(port = 0): Promise<string> {
    const server = restify.createServer({ name: 'local-connector' });
    server.use(restify.plugins.bodyParser({ mapParams: false }));
    server.post('/v3/conversations/:conversationId/activities', async (req, res) => this.receive('send', req, res));
    server.post('/v3/conversations/:conversationId/activities/:activityId', async (req, res) => this.receive('reply', req, res));
    server.put('/v3/conversations/:conversationId/activities/:activityId', async (req, res) => this.receive('update', req, res));
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The next `count` calls (to matching conversations) fail with this status. */
  failNext(fault: Omit<ConnectorFault, 'remaining'>, count = 1): void {
    this.faults.push({ ...fault, remaining: count });
  }

  /** Waits until a call matching `predicate` has arrived, and returns it. */
  async waitFor(predicate: (call: ConnectorCall) => boolean, timeoutMs = 30_000, what = 'a message from the bot'): Promise<ConnectorCall> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.calls.find(predicate);
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, Math.min(left, 1000));
        this.waiters.add(wake);
      });
    }
  }

  private receive(kind: ConnectorCall['kind'], req: restify.Request, res: restify.Response): void {
    const conversationId = decodeURIComponent(req.params.conversationId);
    const fault = this.takeFault(conversationId, kind);
    if (fault) {
      res.header('content-type', 'application/json');
      for (const [name, value] of Object.entries(fault.headers ?? {})) res.header(name, value);
      res.send(fault.status, { error: { code: 'InjectedFault', message: `Injected ${fault.status}` } });
      return;
    }
    const activityId = kind === 'update' ? req.params.activityId : `act-${randomUUID().slice(0, 12)}`;
    this.calls.push({ kind, conversationId, activityId, activity: req.body ?? {}, at: Date.now() });
    res.send(200, { id: activityId });
    for (const wake of [...this.waiters]) wake();
  }

  private takeFault(conversationId: string, kind: ConnectorCall['kind']): ConnectorFault | undefined {
    const fault = this.faults.find(
      (f) => f.remaining > 0 && (!f.conversation || conversationId.includes(f.conversation)) && (!f.kind || f.kind === kind),
    );
    if (fault) fault.remaining -= 1;
    return fault;
  }
}

/** The Adaptive Card inside an activity, if it carries one. */
export function cardOf(activity: Record<string, unknown>): Record<string, unknown> | undefined {
  const attachments = activity.attachments as { contentType?: string; content?: Record<string, unknown> }[] | undefined;
  return attachments?.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
}

/** The first TextBlock's text: the card's title, for transcripts and assertions. */
export function cardTitle(card: Record<string, unknown> | undefined): string {
  return allTexts(card)[0] ?? '';
}

/** Every TextBlock text and FactSet value in a card, in order. */
export function allTexts(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(allTexts);
  if (!node || typeof node !== 'object') return [];
  const item = node as Record<string, unknown>;
  const own = item.type === 'TextBlock' && typeof item.text === 'string' ? [item.text] : [];
  const facts = item.type === 'FactSet' ? ((item.facts as { title: string; value: string }[]) ?? []).map((f) => `${f.title}: ${f.value}`) : [];
  const children = Object.entries(item)
    .filter(([key]) => key !== 'facts' && key !== 'text')
    .flatMap(([, value]) => allTexts(value));
  return [...own, ...facts, ...children];
}

/** The titles and verbs of a card's actions. */
export function actionsOf(card: Record<string, unknown> | undefined): { title: string; verb?: string; type: string }[] {
  return ((card?.actions as { title: string; verb?: string; type: string }[]) ?? []).map(({ title, verb, type }) => ({ title, verb, type }));
}
