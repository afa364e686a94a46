import { ConfigError, loadConfig } from './config';
import { startApp } from './app';
import { createLogger } from './logging';

/** `npm start`: read the configuration, start everything, stop cleanly on SIGTERM or Ctrl+C. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\nSee the configuration table in README.md.\n`);
    process.exit(2);
  }

  const log = createLogger(config.logLevel);
  const app = await startApp(config, log);

  const shutdown = async (signal: string) => {
    log.info({ signal }, 'stopping');
    await app.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  process.stderr.write(`The bot could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
