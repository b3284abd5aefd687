import type { Startable } from '@mostrador/core';

export interface LifecycleLogger {
  info(message: string): void;
  error(message: string): void;
}

/**
 * Starts components in order and stops them in reverse. A failed start stops what already
 * started, so a half-started process never lingers with open sockets or pools.
 */
export class Lifecycle {
  private readonly started: Startable[] = [];
  private stopping: Promise<void> | null = null;

  constructor(
    private readonly components: readonly Startable[],
    private readonly logger: LifecycleLogger,
  ) {}

  async start(): Promise<void> {
    for (const component of this.components) {
      try {
        await component.start();
        this.started.push(component);
        this.logger.info(`started ${component.name}`);
      } catch (error) {
        this.logger.error(`could not start ${component.name}: ${error instanceof Error ? error.message : String(error)}`);
        await this.stop();
        throw error;
      }
    }
  }

  /** Idempotent: concurrent calls (two signals) share one shutdown. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      for (const component of [...this.started].reverse()) {
        try {
          await component.stop();
          this.logger.info(`stopped ${component.name}`);
        } catch (error) {
          this.logger.error(`error stopping ${component.name}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      this.started.length = 0;
    })();
    return this.stopping;
  }

  /** Stops on SIGTERM/SIGINT, then exits. A second signal exits at once. */
  stopOnSignals(exit: (code: number) => void = (code) => process.exit(code)): void {
    let received = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (received) return exit(1);
      received = true;
      this.logger.info(`received ${signal}, shutting down`);
      void this.stop().then(() => exit(0));
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  }
}
