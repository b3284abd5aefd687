import type { Startable } from '@mostrador/core';
import { describe, expect, it } from 'vitest';
import { Lifecycle } from '../src/lifecycle.js';

const recorder = () => {
  const events: string[] = [];
  const component = (name: string, failStart = false): Startable => ({
    name,
    phase: 'connect',
    start: async () => {
      if (failStart) throw new Error(`${name} cannot start`);
      events.push(`start ${name}`);
    },
    stop: async () => {
      events.push(`stop ${name}`);
    },
  });
  const logger = { info: () => {}, error: (m: string) => events.push(`error: ${m}`) };
  return { events, component, logger };
};

describe('lifecycle', () => {
  it('starts in order and stops in reverse', async () => {
    const { events, component, logger } = recorder();
    const lifecycle = new Lifecycle([component('db'), component('http'), component('bot')], logger);
    await lifecycle.start();
    await lifecycle.stop();
    expect(events).toEqual(['start db', 'start http', 'start bot', 'stop bot', 'stop http', 'stop db']);
  });

  it('stops what already started when a component fails to start', async () => {
    const { events, component, logger } = recorder();
    const lifecycle = new Lifecycle([component('db'), component('http', true), component('bot')], logger);
    await expect(lifecycle.start()).rejects.toThrow('http cannot start');
    expect(events).toEqual(['start db', 'error: could not start http: http cannot start', 'stop db']);
  });

  it('shares one shutdown between concurrent stops', async () => {
    const { events, component, logger } = recorder();
    const lifecycle = new Lifecycle([component('db')], logger);
    await lifecycle.start();
    await Promise.all([lifecycle.stop(), lifecycle.stop()]);
    expect(events.filter((e) => e === 'stop db')).toHaveLength(1);
  });
});
