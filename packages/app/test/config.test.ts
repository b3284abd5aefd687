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

  describe('CORS_ORIGINS', () => {
    const production = {
      DATABASE_URL: 'postgres://shop@db/shop',
      PUBLIC_URL: 'https://shop.example',
      TELEGRAM_BOT_TOKEN: `123456789:${'A'.repeat(35)}`,
      SHOP_CUIT: '30-50001091-2',
    };

    it('is off by default: unset, empty or blank means no cross-origin access', () => {
      expect(loadConfig({}).CORS_ORIGINS).toBeUndefined();
      expect(loadConfig({ CORS_ORIGINS: '' }).CORS_ORIGINS).toBeUndefined();
      expect(loadConfig({ CORS_ORIGINS: '  ' }).CORS_ORIGINS).toBeUndefined();
      expect(configDocumentation().find((r) => r.name === 'CORS_ORIGINS')).toMatchObject({ default: '—' });
    });

    it('reads a comma-separated list into origins exactly as browsers send them', () => {
      expect(loadConfig({ CORS_ORIGINS: 'https://admin.shop.example' }).CORS_ORIGINS).toEqual(['https://admin.shop.example']);
      // Case and default ports are normalized, blanks and a trailing comma ignored, duplicates merged.
      expect(
        loadConfig({
          CORS_ORIGINS: ' HTTPS://Admin.Shop.Example:443 , http://localhost:5173, http://[::1]:8080,https://admin.shop.example,',
        }).CORS_ORIGINS,
      ).toEqual(['https://admin.shop.example', 'http://localhost:5173', 'http://[::1]:8080']);
    });

    it('refuses entries that are not bare http(s) origins, naming the variable and the entry', () => {
      const problems = problemsOf(() =>
        loadConfig({
          CORS_ORIGINS: [
            'https://ok.example',
            'https://admin.shop.example/',
            'https://admin.shop.example/back-office?x=1',
            'admin.shop.example',
            'ftp://files.example',
            'null',
            'https://user:hunter2@admin.shop.example',
          ].join(','),
        }),
      );
      expect(problems).toHaveLength(6);
      for (const problem of problems) expect(problem).toMatch(/^CORS_ORIGINS: entry \d /);
      expect(problems[0]).toBe(
        'CORS_ORIGINS: entry 2 (https://admin.shop.example) has a path, query or fragment (a trailing "/" counts): an origin is only scheme://host[:port], write https://admin.shop.example',
      );
      expect(problems[1]).toMatch(/^CORS_ORIGINS: entry 3 .*write https:\/\/admin\.shop\.example$/);
      for (const problem of problems.slice(2, 5)) expect(problem).toMatch(/is not an origin: write scheme:\/\/host\[:port\]/);
      expect(problems[5]).toMatch(/^CORS_ORIGINS: entry 7 must not contain a user name or password/);
      expect(problems.join('\n')).not.toContain('hunter2');
    });

    it('accepts "*" alone, in `demo` only', () => {
      expect(loadConfig({ CORS_ORIGINS: '*' }).CORS_ORIGINS).toBe('*');
      expect(problemsOf(() => loadConfig({ CORS_ORIGINS: '*, https://admin.shop.example' }))).toEqual([
        'CORS_ORIGINS: "*" (any origin) cannot be combined with other origins',
      ]);
      const env = { ...production, CORS_ORIGINS: '*' };
      expect(problemsOf(() => requireProductionConfig(loadConfig(env), env))).toEqual([
        'CORS_ORIGINS: "*" (any origin) is refused by `start`; list the back-office origins, e.g. https://admin.shop.example',
      ]);
      const listed = { ...production, CORS_ORIGINS: 'https://admin.shop.example' };
      expect(() => requireProductionConfig(loadConfig(listed), listed)).not.toThrow();
    });
  });

  it('documents every variable with a meaning', () => {
    const rows = configDocumentation();
    expect(rows.length).toBeGreaterThan(20);
    for (const row of rows) expect(row.meaning, row.name).not.toBe('');
    expect(rows.find((r) => r.name === 'PORT')?.default).toBe('3000');
  });

  describe('TRUST_PROXY', () => {
    it('is off unless set', () => {
      expect(loadConfig({}).TRUST_PROXY).toBe(false);
      expect(loadConfig({ TRUST_PROXY: ' ' }).TRUST_PROXY).toBe(false);
      expect(loadConfig({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
      expect(configDocumentation().find((r) => r.name === 'TRUST_PROXY')).toMatchObject({ default: 'false' });
    });

    it('reads true, a hop count, or a list of addresses, CIDR blocks and range names', () => {
      expect(loadConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true);
      expect(loadConfig({ TRUST_PROXY: '2' }).TRUST_PROXY).toBe(2);
      expect(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 192.0.2.7 ,::1,fd00::/8,loopback' }).TRUST_PROXY).toEqual([
        '10.0.0.0/8',
        '192.0.2.7',
        '::1',
        'fd00::/8',
        'loopback',
      ]);
    });

    it('refuses what is not an address, naming the variable and the entry but not its value', () => {
      const problems = problemsOf(() => loadConfig({ TRUST_PROXY: '10.0.0.1, proxy.internal, 10.0.0.0/33, ::1/129' }));
      expect(problems).toHaveLength(3);
      for (const problem of problems) expect(problem.startsWith('TRUST_PROXY: ')).toBe(true);
      expect(problems.join('\n')).toMatch(/entry 2 is not an IP address/);
      expect(problems.join('\n')).toMatch(/entry 3 has a CIDR prefix .* 0 to 32/);
      expect(problems.join('\n')).toMatch(/entry 4 has a CIDR prefix .* 0 to 128/);
      expect(problems.join('\n')).not.toContain('proxy.internal');
      expect(problemsOf(() => loadConfig({ TRUST_PROXY: '0' }))[0]).toMatch(/^TRUST_PROXY: a hop count must be/);
      expect(problemsOf(() => loadConfig({ TRUST_PROXY: '11' }))[0]).toMatch(/^TRUST_PROXY: a hop count must be/);
    });
  });
});
