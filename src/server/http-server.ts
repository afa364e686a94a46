import restify from 'restify';
import type { CloudAdapter } from 'botbuilder';
import type { ActivityHandler } from 'botbuilder';
import type { BotMetrics } from './metrics';

export interface HttpServerOptions {
  adapter: CloudAdapter;
  bot: ActivityHandler;
  /** Answers whether the bot can serve: store and Azure reachable. */
  ready(): Promise<{ ok: boolean; checks: Record<string, string> }>;
  metrics: BotMetrics;
}

/** The bot's HTTP face: the Bot Connector endpoint, and health for whoever runs it. */
export function createHttpServer(options: HttpServerOptions): restify.Server {
  const server = restify.createServer({ name: 'apim-workspace-bot' });
  // Teams activities are a few kilobytes; anything near a megabyte is not one, and is refused
  // (413) before it is parsed, even ahead of token validation.
  server.use(restify.plugins.bodyParser({ mapParams: false, maxBodySize: 1024 * 1024 }));

  server.post('/api/messages', async (req, res) => {
    // botbuilder throws an activity without a type outside its own error handling (a 500);
    // it is the sender's mistake, so it gets a 400 like every other malformed body.
    const type = (req.body as { type?: unknown } | undefined)?.type;
    if (typeof type !== 'string' || !type) {
      res.send(400, { error: 'The body must be a Bot Framework activity with a type.' });
      return;
    }
    await options.adapter.process(req, res, (context) => options.bot.run(context));
  });

  server.get('/healthz', async (_req, res) => {
    res.send(200, { status: 'alive' });
  });

  server.get('/readyz', async (_req, res) => {
    const result = await options.ready();
    res.send(result.ok ? 200 : 503, { status: result.ok ? 'ready' : 'not ready', checks: result.checks });
  });

  server.get('/metrics', async (_req, res) => {
    const body = await options.metrics.registry.metrics();
    res.setHeader('content-type', options.metrics.registry.contentType);
    res.sendRaw(200, body);
  });

  return server;
}

export function listen(server: restify.Server, port: number, host: string): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server.url.replace('[::]', host)));
  });
}
