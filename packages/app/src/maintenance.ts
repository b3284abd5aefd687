import { PERSISTENCE_TOKEN } from '@mostrador/adapters-persistence';
import { ROLES, type Role, TOKENS } from '@mostrador/core';
import { compose } from './compose.js';
import type { AppConfig } from './config.js';
import { seedDemoCatalog } from './demo/seed.js';
import type { Logger } from './logger.js';
import { coreModuleFromConfig, persistenceModuleFromConfig } from './modules.js';

interface MaintenanceArgs {
  readonly email: string | undefined;
  readonly name: string | undefined;
  readonly role: string | undefined;
  readonly password: string | undefined;
}

/** One-shot commands: compose core and persistence only (no server, no channel), do the job, stop. */
export async function runMaintenance(
  command: 'migrate' | 'seed' | 'staff:create',
  config: AppConfig,
  logger: Logger,
  args: MaintenanceArgs,
): Promise<number> {
  if (command === 'staff:create') {
    const problems: string[] = [];
    if (!args.email) problems.push('--email is required');
    if (!args.name) problems.push('--name is required');
    if (!args.role || !(ROLES as readonly string[]).includes(args.role)) problems.push(`--role must be one of ${ROLES.join(', ')}`);
    if (!args.password) problems.push('STAFF_PASSWORD (environment) is required: the password is never taken from the command line');
    if (problems.length > 0) {
      process.stderr.write(`${problems.join('\n')}\n`);
      return 2;
    }
  }
  const runtime = compose({ modules: [coreModuleFromConfig(config, logger), persistenceModuleFromConfig(config, { jobQueue: false })] });
  // Persistence's start (phase `storage`) opens the database and applies pending migrations.
  await runtime.start();
  try {
    const status = await runtime.resolve(PERSISTENCE_TOKEN).status();
    logger.info(`database schema: ${status.applied.length} migrations applied, ${status.pending.length} pending`);
    if (command === 'seed') {
      const report = await seedDemoCatalog({
        images: runtime.resolve(TOKENS.ImageStore),
        uow: runtime.resolve(TOKENS.UnitOfWork),
        ids: runtime.resolve(TOKENS.IdGenerator),
        now: runtime.resolve(TOKENS.Clock).now(),
      });
      logger.info(report.seeded ? `seeded ${report.products} products` : 'the demo catalog was already seeded');
    }
    if (command === 'staff:create') {
      const user = await runtime.resolve(TOKENS.UseCases).staff.createUser(
        { kind: 'system' },
        {
          email: args.email!,
          name: args.name!,
          password: args.password!,
          roles: [args.role as Role],
        },
      );
      logger.info(`created staff user ${user.email} (${user.roles.join(', ')})`);
    }
    return 0;
  } finally {
    await runtime.stop();
  }
}
