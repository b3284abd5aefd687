/**
 * When a Startable starts, in the order listed; shutdown goes in reverse. Within a phase,
 * components start in binding order. Nothing is ordered by name.
 * - `external`: stand-ins for outside services (the demo's emulators).
 * - `storage`: databases and their migrations.
 * - `prepare`: work that needs storage before anyone is served (seeding, key generation).
 * - `serve`: servers that accept requests (HTTP).
 * - `connect`: what reaches out or pulls work (channels polling or setting webhooks, job workers).
 */
export type StartPhase = 'external' | 'storage' | 'prepare' | 'serve' | 'connect';

export const START_PHASES: readonly StartPhase[] = ['external', 'storage', 'prepare', 'serve', 'connect'];

/**
 * Something that holds sockets, pools or timers. The app starts every bound Startable by phase
 * and stops them in reverse on shutdown (SIGTERM/SIGINT).
 */
export interface Startable {
  readonly name: string;
  readonly phase: StartPhase;
  start(): Promise<void>;
  stop(): Promise<void>;
}
