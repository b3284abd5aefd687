import { resolve as resolvePath } from 'node:path';
import { TOKENS } from '@mostrador/core';
import { compose } from '../src/compose.js';
import { loadConfig } from '../src/config.js';
import { seedDemoCatalog } from '../src/demo/seed.js';
import { createLogger } from '../src/logger.js';
import { coreModuleFromConfig, persistenceModuleFromConfig } from '../src/modules.js';

/*
 * Seeds the demo catalog as `mostrador seed` does (DATABASE_URL, else the PGlite folder in
 * MOSTRADOR_DATA_DIR) and kills its own process with SIGKILL right after step <done> of <phase>
 * ('images' or 'catalog'): no handler, no rollback, no close, as an OOM kill or a power cut.
 * Usage: node --import tsx crashing-seed.ts <phase> <done>
 */
const [phase, done] = [process.argv[2], Number(process.argv[3])];
let config = loadConfig(process.env);
config = { ...config, MOSTRADOR_DATA_DIR: resolvePath(config.MOSTRADOR_DATA_DIR) };
const runtime = compose({ modules: [coreModuleFromConfig(config, createLogger('silent')), persistenceModuleFromConfig(config)] });
await runtime.start();
await seedDemoCatalog({
  images: runtime.resolve(TOKENS.ImageStore),
  uow: runtime.resolve(TOKENS.UnitOfWork),
  ids: runtime.resolve(TOKENS.IdGenerator),
  now: new Date(),
  onProgress: (progress) => {
    if (progress.phase !== phase || progress.done !== done) return;
    // Pipes are synchronous on Linux: the line is out before the signal.
    process.stdout.write(`killing the seed after ${progress.done} of ${progress.total} ${progress.phase}\n`);
    process.kill(process.pid, 'SIGKILL');
  },
});
process.stdout.write('the seed finished: nothing was killed\n');
process.exit(3);
