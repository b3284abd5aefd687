/**
 * Something that holds sockets, pools or timers. The app starts every Startable in binding
 * order and stops them in reverse on shutdown (SIGTERM/SIGINT).
 */
export interface Startable {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
}
