/*
 * @mostrador/app: build a Mostrador app from modules.
 *
 *   import { compose, coreModule, loadConfig, modulesFromConfig } from '@mostrador/app';
 *   const config = loadConfig(process.env);
 *   const app = compose({ modules: modulesFromConfig(config) });   // or your own list
 *   await app.start();
 *   app.stopOnSignals();
 */
import 'reflect-metadata';

export { NodeSecretTokens } from './auth/node-secret-tokens.js';
export { DEFAULT_SCRYPT_COST, type ScryptCost, ScryptPasswordHasher } from './auth/scrypt-password-hasher.js';
export { type AppModule, type AppRuntime, type ComposeOptions, compose } from './compose.js';
export { type AppConfig, ConfigError, configDocumentation, configSchema, loadConfig, requireProductionConfig } from './config.js';
export { configMarkdownTable } from './config-table.js';
export { APP_TOKENS, type CoreModuleOptions, coreModule } from './core-module.js';
export { Lifecycle, type LifecycleLogger, orderByPhase } from './lifecycle.js';
export { createLogger, describeDatabaseUrl, type Logger, loggerPort, REDACTED_PATHS } from './logger.js';
export {
  coreModuleFromConfig,
  httpModuleFromConfig,
  modulesFromConfig,
  persistenceModuleFromConfig,
  type ReferenceModulesOptions,
  shopSettingsFrom,
  telegramOptionsFrom,
} from './modules.js';
export { SystemClock, UuidV7Generator } from './node-services.js';
export { NOTIFY_TOKENS, type NotificationsModuleOptions, notificationsModule } from './notify-module.js';
