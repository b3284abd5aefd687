import { afterEach, expect, test } from 'vitest';
import { PASSWORD, startTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
afterEach(async () => {
  await t.close();
});

test('every request log line carries the request id; credentials never reach the log', async () => {
  const lines: string[] = [];
  t = await startTestApp({
    logger: { level: 'info', stream: { write: (line: string) => lines.push(line) } },
    extraRoutes: (app) =>
      app.post('/echo', async (request) => {
        // A careless handler logging everything it got.
        request.log.info({ headers: request.headers, body: request.body }, 'echo');
        return { ok: true };
      }),
  });
  const { accessToken, refreshToken } = await t.login(await t.addStaff(['manager']));
  await t.call('POST', '/api/v1/auth/login', { json: { email: 'nobody@shop.test', password: 'my secret guess' } });
  await t.call('POST', '/echo', {
    token: accessToken,
    json: { password: PASSWORD, refreshToken },
    headers: { cookie: 'session=abc123', 'x-request-id': 'trace-42' },
  });

  const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  const requestLines = records.filter((record) => record.req !== undefined || record.res !== undefined || record.msg === 'echo');
  expect(requestLines.length).toBeGreaterThanOrEqual(6);
  for (const record of requestLines) expect(record.requestId).toEqual(expect.any(String));

  const echo = records.find((record) => record.msg === 'echo') as {
    requestId: string;
    headers: Record<string, string>;
    body: Record<string, string>;
  };
  expect(echo.requestId).toBe('trace-42');
  expect(echo.headers.authorization).toBe('[redacted]');
  expect(echo.headers.cookie).toBe('[redacted]');
  expect(echo.body).toEqual({ password: '[redacted]', refreshToken: '[redacted]' });

  const all = lines.join('\n');
  for (const secret of [PASSWORD, 'my secret guess', accessToken, refreshToken, 'abc123']) expect(all).not.toContain(secret);
});
