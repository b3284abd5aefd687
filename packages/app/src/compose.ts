import 'reflect-metadata';
import { type ChannelAdapter, type Logger as LoggerPort, resolveToken, type Startable, TOKENS, type Token } from '@mostrador/core';
import { Container, type ContainerModule } from 'inversify';
import { Lifecycle } from './lifecycle.js';

/** One part of an app: an Inversify `ContainerModule` (core's, an adapter's, or your own). */
export type AppModule = ContainerModule;

export interface ComposeOptions {
  /** Loaded in order: binding order decides the start order within a phase. */
  readonly modules: readonly AppModule[];
  /** Where start and stop are logged. Default: the bound `TOKENS.Logger` (`coreModule` binds it), else nowhere. */
  readonly logger?: LoggerPort;
}

export interface AppRuntime {
  readonly container: Container;
  /** Every Startable and channel, in start order (by phase, then binding order). */
  readonly startables: readonly Startable[];
  /** `container.get(token)`, typed by the token. */
  resolve<T>(key: Token<T>): T;
  /** Every binding of a multi-bound token (`TOKENS.Channel`, `TOKENS.InboundRoute`); `[]` when none. */
  resolveAll<T>(key: Token<T>): readonly T[];
  /** Starts everything by phase; a failed start stops what started and rethrows. */
  start(): Promise<void>;
  /** Stops in reverse start order; idempotent. */
  stop(): Promise<void>;
  /** Stops on SIGTERM/SIGINT, then exits the process. */
  stopOnSignals(exit?: (code: number) => void): void;
}

const silent: LoggerPort = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * Builds an app from modules: loads them into one container, connects every bound channel to
 * its chat driver (through `TOKENS.Channels`, which `coreModule` binds), and orders every bound
 * `TOKENS.Startable` and `TOKENS.Channel` by phase. Nothing starts until `start()`.
 *
 * ```ts
 * const app = compose({ modules: [coreModule({ settings }), persistenceModule({ dataDir }), myChannelModule()] });
 * await app.start();
 * ```
 */
export function compose(options: ComposeOptions): AppRuntime {
  const container = new Container({ defaultScope: 'Singleton' });
  container.load(...options.modules);
  const resolveAll = <T>(key: Token<T>): T[] => container.getAll<T>(key, { optional: true });

  const channels = resolveAll<ChannelAdapter>(TOKENS.Channel);
  if (channels.length > 0) {
    if (!container.isBound(TOKENS.Channels)) {
      throw new Error(
        `channels are bound (${channels.map((channel) => channel.name).join(', ')}) but nothing connects them to a chat driver: compose coreModule() too`,
      );
    }
    resolveToken(container, TOKENS.Channels); // connects each channel to its driver before anything starts
  }
  const logger = options.logger ?? container.get<LoggerPort>(TOKENS.Logger, { optional: true }) ?? silent;
  // Startables before channels within a phase: the app starts the channels it connected itself.
  const lifecycle = new Lifecycle([...resolveAll(TOKENS.Startable), ...channels], {
    info: (message) => logger.info(message),
    error: (message) => logger.error(message),
  });

  return {
    container,
    startables: lifecycle.order,
    resolve: (key) => resolveToken(container, key),
    resolveAll,
    start: () => lifecycle.start(),
    stop: () => lifecycle.stop(),
    stopOnSignals: (exit) => lifecycle.stopOnSignals(exit),
  };
}
