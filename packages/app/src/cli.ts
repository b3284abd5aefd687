#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { isAbsolute, resolve as resolvePath } from 'node:path';
import { type AppConfig, ConfigError, loadConfig, requireProductionConfig } from './config.js';
import { configMarkdownTable } from './config-table.js';
import { startDemo } from './demo.js';
import { createLogger, describeDatabaseUrl } from './logger.js';
import { startProduction } from './start.js';

const USAGE = `Usage: mostrador <command>

Commands:
  demo            Run everything on this machine: embedded database, seeded catalog, Telegram emulator and chat page.
  start           Run in production: every service must be configured (see README, Configuration).
  migrate         Apply pending database migrations and exit.
  seed            Load the demo catalog into the configured database (once) and exit.
  staff:create    Create a staff user: --email <e> --name <n> --role <owner|manager|clerk|viewer>; password from STAFF_PASSWORD.
  config          Print the configuration variables (--markdown for the README table).
  help            Show this text.
`;

const argValue = (args: readonly string[], name: string): string | undefined => {
  const index = args.indexOf(`--${name}`);
  return index >= 0 ? args[index + 1] : undefined;
};

/**
 * `pnpm demo` runs this inside packages/app; INIT_CWD is where the person typed the command, so
 * `.env` and a relative MOSTRADOR_DATA_DIR mean the same folder whichever way it was started.
 */
const invocationDir = process.env.INIT_CWD ?? process.cwd();

const loadEnv = (): NodeJS.ProcessEnv => {
  // `.env` is optional; real environment variables win over it.
  const envFile = resolvePath(invocationDir, '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  return process.env;
};

async function main(argv: readonly string[]): Promise<number> {
  const [command = 'help', ...args] = argv;
  if (command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (command === 'config') {
    process.stdout.write(`${configMarkdownTable()}\n`);
    return 0;
  }
  const env = loadEnv();
  let config: AppConfig;
  try {
    config = loadConfig(env);
    if (!isAbsolute(config.MOSTRADOR_DATA_DIR))
      config = { ...config, MOSTRADOR_DATA_DIR: resolvePath(invocationDir, config.MOSTRADOR_DATA_DIR) };
    if (command === 'start') requireProductionConfig(config, env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const logger = createLogger(config.LOG_LEVEL);
  logger.info(
    { database: config.DATABASE_URL ? describeDatabaseUrl(config.DATABASE_URL) : `pglite:${config.MOSTRADOR_DATA_DIR}` },
    `mostrador ${command}`,
  );

  switch (command) {
    case 'demo': {
      const demo = await startDemo(config, logger);
      demo.runtime.stopOnSignals();
      process.stdout.write(
        [
          '',
          'Mostrador demo is running.',
          `  Chat with the shop's bot: ${demo.urls.chat ?? '(your Telegram bot, TELEGRAM_BOT_TOKEN is set)'}`,
          `  API documentation:         ${demo.urls.docs}`,
          `  API:                       ${demo.urls.api}/api/v1`,
          `  Owner login:               ${demo.owner.email} / ${demo.owner.password}`,
          ...(demo.urls.mercadoPago
            ? [`  Mercado Pago (emulator):   ${demo.urls.mercadoPago} — "Pagar con Mercado Pago" in the chat opens its checkout page`]
            : []),
          '  Stop with Ctrl+C.',
          '',
        ].join('\n'),
      );
      return -1;
    }
    case 'start': {
      const { runtime, url } = await startProduction(config, logger);
      runtime.stopOnSignals();
      logger.info(`ready on ${url}`);
      return -1;
    }
    case 'migrate':
    case 'seed':
    case 'staff:create': {
      const { runMaintenance } = await import('./maintenance.js');
      return runMaintenance(command, config, logger, {
        email: argValue(args, 'email'),
        name: argValue(args, 'name'),
        role: argValue(args, 'role'),
        password: env.STAFF_PASSWORD,
      });
    }
    default:
      process.stderr.write(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    // -1: a long-running command; the lifecycle exits on a signal.
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    process.stderr.write(`mostrador: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
