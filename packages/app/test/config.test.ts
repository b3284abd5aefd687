import { describe, expect, it } from 'vitest';
import { ConfigError, configDocumentation, loadConfig, requireProductionConfig } from '../src/config.js';

const problemsOf = (fn: () => unknown): readonly string[] => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('configuration', () => {
  it('runs the demo with nothing set', () => {
    const config = loadConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.MOSTRADOR_DATA_DIR).toBe('./.mostrador');
    expect(config.TELEGRAM_MODE).toBe('polling');
  });

  it('names every malformed variable and never echoes its value', () => {
    const secretToken = '12345:short';
    const problems = problemsOf(() =>
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://u:hunter2@h/db', TELEGRAM_BOT_TOKEN: secretToken, TELEGRAM_MODE: 'push' }),
    );
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['DATABASE_URL', 'PORT', 'TELEGRAM_BOT_TOKEN', 'TELEGRAM_MODE']);
    const text = problems.join('\n');
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain(secretToken);
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', TELEGRAM_BOT_TOKEN: '  ' }).DATABASE_URL).toBeUndefined();
  });

  it('makes `start` refuse an incomplete configuration, naming each missing variable', () => {
    const env = { TELEGRAM_MODE: 'webhook' };
    const problems = problemsOf(() => requireProductionConfig(loadConfig(env), env));
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'DATABASE_URL',
      'PUBLIC_URL',
      'TELEGRAM_BOT_TOKEN',
      'TELEGRAM_WEBHOOK_URL',
      'TELEGRAM_WEBHOOK_SECRET',
      'SHOP_CUIT',
    ]);
  });

  it('accepts a complete production configuration', () => {
    const env = {
      DATABASE_URL: 'postgres://shop@db/shop',
      PUBLIC_URL: 'https://shop.example',
      TELEGRAM_BOT_TOKEN: `123456789:${'A'.repeat(35)}`,
      TELEGRAM_MODE: 'webhook',
      TELEGRAM_WEBHOOK_URL: 'https://shop.example/telegram/webhook',
      TELEGRAM_WEBHOOK_SECRET: 's3cr3t-s3cr3t-s3cr3t',
      SHOP_CUIT: '30-50001091-2',
    };
    expect(() => requireProductionConfig(loadConfig(env), env)).not.toThrow();
  });

  it('documents every variable with a meaning', () => {
    const rows = configDocumentation();
    expect(rows.length).toBeGreaterThan(20);
    for (const row of rows) expect(row.meaning, row.name).not.toBe('');
    expect(rows.find((r) => r.name === 'PORT')?.default).toBe('3000');
  });
});
