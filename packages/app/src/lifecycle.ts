import { START_PHASES, type Startable } from '@mostrador/core';

export interface LifecycleLogger {
  info(message: string): void;
  error(message: string): void;
}

/**
 * Puts components in start order: by `phase` (core's `START_PHASES`), in the given (binding)
 * order within a phase. Names decide nothing. A phase core does not know is refused, naming the
 * component, instead of being started at some arbitrary point.
 */
export function orderByPhase(components: readonly Startable[]): Startable[] {
  const rank = (component: Startable): number => {
    const index = START_PHASES.indexOf(component.phase);
    if (index < 0)
      throw new TypeError(`"${component.name}" declares phase "${component.phase}"; expected one of ${START_PHASES.join(', ')}`);
    return index;
  };
  // Array.prototype.sort is stable: binding order survives within a phase.
  return components
    .map((component) => ({ component, rank: rank(component) }))
    .sort((a, b) => a.rank - b.rank)
    .map(({ component }) => component);
}

/**
 * Starts components in phase order and stops them in reverse. A failed start stops what already
 * started, so a half-started process never lingers with open sockets or pools.
 */
export class Lifecycle {
  private readonly components: readonly Startable[];
  private readonly started: Startable[] = [];
  private stopping: Promise<void> | null = null;

  constructor(
    components: readonly Startable[],
    private readonly logger: LifecycleLogger,
  ) {
    this.components = orderByPhase(components);
  }

  /** The components in the order they start. */
  get order(): readonly Startable[] {
    return this.components;
  }

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
