import type { Startable } from '@mostrador/core';
import { describe, expect, it } from 'vitest';
import { Lifecycle, orderByPhase } from '../src/lifecycle.js';

const recorder = () => {
  const events: string[] = [];
  const component = (name: string, failStart = false, phase: Startable['phase'] = 'connect'): Startable => ({
    name,
    phase,
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

  it('starts by phase, in the given order within a phase, and stops in exact reverse', async () => {
    const { events, component, logger } = recorder();
    const lifecycle = new Lifecycle(
      [
        component('bot', false, 'connect'),
        component('http', false, 'serve'),
        component('db', false, 'storage'),
        component('seed', false, 'prepare'),
        component('cache', false, 'storage'),
        component('emulator', false, 'external'),
      ],
      logger,
    );
    await lifecycle.start();
    await lifecycle.stop();
    const started = ['emulator', 'db', 'cache', 'seed', 'http', 'bot'];
    expect(events).toEqual([...started.map((name) => `start ${name}`), ...[...started].reverse().map((name) => `stop ${name}`)]);
  });

  it('orders by phase only: names decide nothing, and an unknown phase is refused naming the component', () => {
    const { component } = recorder();
    const named = [component('http', false, 'connect'), component('persistence (pg)', false, 'serve')];
    expect(orderByPhase(named).map((startable) => startable.name)).toEqual(['persistence (pg)', 'http']);
    expect(() => orderByPhase([component('odd', false, 'soon' as Startable['phase'])])).toThrow(/"odd" declares phase "soon"/);
  });

  it('shares one shutdown between concurrent stops', async () => {
    const { events, component, logger } = recorder();
    const lifecycle = new Lifecycle([component('db')], logger);
    await lifecycle.start();
    await Promise.all([lifecycle.stop(), lifecycle.stop()]);
    expect(events.filter((e) => e === 'stop db')).toHaveLength(1);
  });
});
