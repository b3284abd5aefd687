import { describe, expect, it } from 'vitest';
import { persistenceModule, redactUrl, resolvePersistenceOptions } from '../src/index.js';

describe('persistence options', () => {
  it('accepts postgres:// and postgresql:// URLs, and defaults to PGlite in ./.mostrador/db', () => {
    expect(resolvePersistenceOptions({ url: 'postgres://u:p@db:5432/shop' })).toMatchObject({
      kind: 'postgres',
      safeUrl: 'postgres://u:***@db:5432/shop',
    });
    expect(resolvePersistenceOptions({ url: 'postgresql://db/shop' })).toMatchObject({ kind: 'postgres' });
    expect(resolvePersistenceOptions({})).toEqual({ kind: 'pglite', dataDir: './.mostrador/db', logging: false });
    expect(resolvePersistenceOptions({ dataDir: ':memory:', logging: true })).toEqual({ kind: 'pglite', dataDir: null, logging: true });
    expect(resolvePersistenceOptions({ url: 'postgres://db/shop', dataDir: '/tmp/x' }).kind).toBe('postgres');
  });

  it('rejects a DATABASE_URL that is not a postgres URL, naming the variable and never echoing it', () => {
    for (const url of ['mysql://root:hunter2@db/shop', 'hunter2', 'http://user:hunter2@db/']) {
      let message = '';
      try {
        resolvePersistenceOptions({ url });
      } catch (error) {
        message = (error as Error).message;
        expect(error).toMatchObject({ code: 'PERSISTENCE.DATABASE_URL_INVALID' });
      }
      expect(message).toContain('DATABASE_URL');
      expect(message).not.toContain('hunter2');
    }
  });

  it('rejects an empty data folder or a URL given as data folder', () => {
    expect(() => resolvePersistenceOptions({ dataDir: ' ' })).toThrow(/MOSTRADOR_DATA_DIR/);
    expect(() => resolvePersistenceOptions({ dataDir: 'postgres://u:p@h/db' })).toThrow(/DATABASE_URL instead/);
  });

  it('validates at registration: persistenceModule throws before anything connects', () => {
    expect(() => persistenceModule({ url: 'redis://127.0.0.1:6379' })).toThrow(/DATABASE_URL/);
  });

  it('redacts the password of a URL for logs', () => {
    expect(redactUrl('postgres://shop:s3cr3t@db:5432/x')).toBe('postgres://shop:***@db:5432/x');
    expect(redactUrl('postgres://db:5432/x')).toBe('postgres://db:5432/x');
    expect(redactUrl('not a url')).toBe('(unparseable URL)');
  });
});
