import type { Logger } from '@mostrador/core';

/** Core's Logger for tests: every line with its fields as text, to assert on what was (never) logged. */
export class RecordingLogger implements Logger {
  readonly lines: string[] = [];
  info(message: string, fields?: Readonly<Record<string, unknown>>): void {
    this.lines.push(`info ${message} ${JSON.stringify(fields ?? {})}`);
  }
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void {
    this.lines.push(`warn ${message} ${JSON.stringify(fields ?? {})}`);
  }
  error(message: string, fields?: Readonly<Record<string, unknown>>): void {
    this.lines.push(`error ${message} ${JSON.stringify(fields ?? {})}`);
  }
}
