import { isIP } from 'node:net';
import { z } from 'zod';

/**
 * Every environment variable the app reads, in one validated object. `describe` texts feed the
 * README's configuration table (`mostrador config --markdown`).
 */
const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const integer = (min: number, max: number) =>
  z.string().trim().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().int().min(min).max(max));

const httpUrl = z
  .string()
  .trim()
  .url('must be an http(s) URL')
  .refine((value) => /^https?:\/\//.test(value), 'must be an http(s) URL');

/**
 * `CORS_ORIGINS`: comma-separated origins, normalized the way browsers serialize them in `Origin`
 * (lower-case scheme and host, no default port), so the adapter can compare exactly. `*` alone
 * means any origin (refused by `start`). Entries are named by position; user info is never echoed.
 */
const corsOrigins = optionalText.transform((value, context): '*' | readonly string[] | undefined => {
  if (value === undefined) return undefined;
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.includes('*')) {
    if (entries.length > 1) context.addIssue({ code: 'custom', message: '"*" (any origin) cannot be combined with other origins' });
    return '*';
  }
  const origins: string[] = [];
  entries.forEach((entry, index) => {
    const which = `entry ${index + 1}`;
    const problem = (message: string) => context.addIssue({ code: 'custom', message: `${which} ${message}` });
    const shape = /^(https?):\/\/([^/?#]*)(.*)$/i.exec(entry);
    let url: URL | null = null;
    try {
      url = shape ? new URL(entry) : null;
    } catch {
      url = null;
    }
    if (!shape || !url || url.hostname === '') {
      problem('is not an origin: write scheme://host[:port] with http or https, e.g. https://admin.shop.example');
      return;
    }
    if (url.username !== '' || url.password !== '') {
      problem('must not contain a user name or password: an origin is only scheme://host[:port]');
      return;
    }
    if (shape[3] !== '') {
      problem(
        `(${url.origin}) has a path, query or fragment (a trailing "/" counts): an origin is only scheme://host[:port], write ${url.origin}`,
      );
      return;
    }
    if (!origins.includes(url.origin)) origins.push(url.origin);
  });
  return origins;
});

/** Names proxy-addr (Fastify's `trustProxy`) knows for whole address ranges. */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'] as const;

/** One `TRUST_PROXY` list entry: an IPv4/IPv6 address, a CIDR block, or a range name; an explanation when it is none. */
const proxyEntryProblem = (entry: string): string | null => {
  if ((PROXY_RANGE_NAMES as readonly string[]).includes(entry)) return null;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0)
    return 'is not an IP address, a CIDR block (e.g. 10.0.0.0/8) or one of loopback, linklocal, uniquelocal';
  if (prefix === undefined) return null;
  const bits = family === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > bits) return `has a CIDR prefix that is not a whole number from 0 to ${bits}`;
  return null;
};

/**
 * `TRUST_PROXY`: whose `X-Forwarded-For` / `X-Forwarded-Proto` / `X-Forwarded-Host` the API believes
 * (the client address decides the per-address login limit). Off (`false`) unless set: a hop count
 * trusts that many proxies nearest to the server, a list trusts only requests arriving from those
 * addresses, `true` trusts any sender (only where nothing but the proxy can reach the port).
 */
const trustProxy = optionalText.transform((value, context): boolean | number | readonly string[] => {
  if (value === undefined || value.toLowerCase() === 'false') return false;
  if (value.toLowerCase() === 'true') return true;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops < 1 || hops > 10)
      context.addIssue({ code: 'custom', message: 'a hop count must be a whole number from 1 to 10 (unset means off)' });
    return hops;
  }
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  entries.forEach((entry, index) => {
    const problem = proxyEntryProblem(entry);
    if (problem !== null) context.addIssue({ code: 'custom', message: `entry ${index + 1} ${problem}` });
  });
  return entries;
});

export const configSchema = z.object({
  PORT: integer(0, 65535)
    .default(3000)
    .describe(
      'HTTP port of the API and webhooks (0: any free port). The demo serves its Telegram emulator on PORT+1, its Mercado Pago emulator on PORT+2, its ARCA emulator on PORT+3 and, with DEMO_AI=emulator, its OpenAI emulator on PORT+4.',
    ),
  HOST: z.string().trim().min(1).default('127.0.0.1').describe('Interface to listen on (use 0.0.0.0 in containers).'),
  TRUST_PROXY: trustProxy.describe(
    'Reverse proxies whose `X-Forwarded-For` is believed (client address for login limits and logs): `true` (any sender), ' +
      'a hop count (e.g. `1`: the proxy right in front), or comma-separated addresses/CIDRs (e.g. `10.0.0.0/8,::1`). ' +
      'Unset: off, the connecting address is the client. See docs/operations.md.',
  ),
  PUBLIC_URL: httpUrl.optional().describe('Public base URL of this instance (webhooks, links). Required by `start`.'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info').describe('pino log level.'),
  DATABASE_URL: optionalText
    .pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
        .optional(),
    )
    .describe('PostgreSQL connection URL. When unset, the embedded PGlite database in MOSTRADOR_DATA_DIR is used.'),
  CATEGORY_CACHE: z
    .enum(['on', 'off'])
    .default('on')
    .describe(
      'Keep the category list in memory, cleared on every change through PostgreSQL notifications (a LISTEN connection per instance). `off` behind a pooler in transaction mode (e.g. PgBouncer), which does not deliver them.',
    ),
  MOSTRADOR_DATA_DIR: z.string().trim().min(1).default('./.mostrador').describe('Folder for the embedded database and demo state.'),
  JWT_PRIVATE_KEY: optionalText.describe(
    'Ed25519 private key (PKCS#8 PEM) signing access tokens. When unset, one is generated once and stored in the database.',
  ),
  JWT_ISSUER: z.string().trim().min(1).default('mostrador').describe('`iss` of access tokens.'),
  JWT_AUDIENCE: z.string().trim().min(1).default('mostrador-api').describe('`aud` of access tokens.'),
  ACCESS_TOKEN_TTL_SECONDS: integer(60, 86_400).default(900).describe('Lifetime of an access token.'),
  REFRESH_TOKEN_TTL_DAYS: integer(1, 365).default(30).describe('Lifetime of a refresh token family.'),
  CORS_ORIGINS: corsOrigins.describe(
    'Origins whose browser pages may call the API (CORS), comma-separated, each exactly scheme://host[:port] ' +
      '(e.g. `https://admin.shop.example,http://localhost:5173`). Unset: no cross-origin access. `*` (any origin) only in `demo`.',
  ),
  MAX_IMAGE_BYTES: integer(1024, 20 * 1024 * 1024)
    .default(5 * 1024 * 1024)
    .describe('Largest product image upload accepted.'),
  TELEGRAM_BOT_TOKEN: optionalText
    .pipe(
      z
        .string()
        .regex(/^\d{5,}:[A-Za-z0-9_-]{30,}$/, 'must look like 123456789:AA... (the token BotFather gave you)')
        .optional(),
    )
    .describe('Telegram bot token. When unset, `demo` runs the local Telegram emulator.'),
  TELEGRAM_MODE: z
    .enum(['webhook', 'polling'])
    .default('polling')
    .describe('How updates arrive: `webhook` (production, several instances) or `polling` (development).'),
  TELEGRAM_WEBHOOK_URL: httpUrl
    .optional()
    .describe('Public URL Telegram posts updates to (webhook mode), e.g. https://shop.example/telegram/webhook.'),
  TELEGRAM_WEBHOOK_SECRET: optionalText
    .pipe(
      z
        .string()
        .regex(/^[A-Za-z0-9_-]{16,256}$/, 'must be 16–256 characters of A-Z a-z 0-9 _ -')
        .optional(),
    )
    .describe('Secret Telegram echoes in X-Telegram-Bot-Api-Secret-Token (webhook mode).'),
  TELEGRAM_API_ROOT: httpUrl.default('https://api.telegram.org').describe('Bot API server (a self-hosted one, or the emulator).'),
  MP_ACCESS_TOKEN: optionalText.describe(
    'Mercado Pago access token (`APP_USR-…`). With MP_WEBHOOK_SECRET, customers pay from the chat (Checkout Pro). `demo` runs the local emulator when unset.',
  ),
  MP_WEBHOOK_SECRET: optionalText.describe(
    'Mercado Pago webhook secret: verifies the `x-signature` of notifications to POST /webhooks/mercadopago (PUBLIC_URL must reach it).',
  ),
  MP_API_BASE_URL: httpUrl.default('https://api.mercadopago.com').describe('Mercado Pago API (the emulator in tests and the demo).'),
  MP_RECONCILE_INTERVAL_SECONDS: integer(10, 86_400)
    .default(300)
    .describe(
      'How often payments of orders awaiting payment are re-read from the providers (missed webhooks), and lapsed checkouts closed.',
    ),
  SHOP_NAME: z.string().trim().min(1).default('Ferretería Mostrador').describe('Shop name shown in the bot.'),
  SHOP_CUIT: z
    .string()
    .trim()
    .regex(/^\d{2}-?\d{8}-?\d$/, 'must be a CUIT (11 digits)')
    .default('20-11111111-2')
    .describe('Issuer CUIT for invoices.'),
  SHOP_LEGAL_NAME: z.string().trim().min(1).default('Mostrador Demo S.R.L.').describe('Issuer legal name.'),
  SHOP_IVA_CONDITION: z
    .enum(['RESPONSABLE_INSCRIPTO', 'MONOTRIBUTO', 'SUJETO_EXENTO'])
    .default('RESPONSABLE_INSCRIPTO')
    .describe('Issuer IVA condition; decides invoice letters.'),
  SHOP_POINT_OF_SALE: integer(1, 99_998).default(1).describe('ARCA point of sale for electronic invoices.'),
  SHOP_ADDRESS: z.string().trim().min(1).default('Av. Corrientes 1234, CABA').describe('Issuer address printed on invoices.'),
  RESERVATION_MINUTES: integer(1, 7 * 24 * 60)
    .default(30)
    .describe('How long a placed, unpaid order holds its stock.'),
  LOW_STOCK_THRESHOLD: integer(0, 1_000_000).default(5).describe('Available units at or below which a product counts as low stock.'),
  ANONYMOUS_INVOICE_THRESHOLD_CENTS: integer(0, Number.MAX_SAFE_INTEGER)
    .default(1_000_000_000)
    .describe('Total above which a consumidor final must be identified (RG 5700/2025: ARS 10,000,000).'),
  // ---- jobs (issue 11: queue, rate limits) ----
  REDIS_URL: optionalText
    .pipe(
      z
        .string()
        .regex(/^rediss?:\/\/[^/?#]+/, 'must be a redis:// or rediss:// URL')
        .optional(),
    )
    .describe(
      'Redis for the job queue (BullMQ) and the login limits, shared by every instance. Unset: jobs are kept in the database (embedded queue, one instance).',
    ),
  REDIS_PREFIX: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1–64 of A-Z a-z 0-9 _ . -')
    .default('mostrador')
    .describe('Prefix of every Redis key (several shops can share one Redis).'),
  TELEGRAM_BULK_RATE_PER_SECOND: integer(1, 1_000)
    .default(30)
    .describe('Messages per second the bot sends in bulk (notifications, campaigns), one limit shared by every worker and instance.'),
  // ---- documents (PDF invoices and reports, issue 14) ----
  PDF_RENDERER: z
    .enum(['auto', 'worker', 'process', 'off'])
    .default('auto')
    .describe(
      'WeasyPrint for invoices and reports: `auto` (a long-running worker, else one process per document), `worker`, `process`, or `off` (no PDFs). Missing WeasyPrint fails the start unless `off`.',
    ),
  PDF_WORKERS: integer(1, 16).default(1).describe('Documents rendered at once (WeasyPrint workers or processes).'),
  PDF_TIMEOUT_MS: integer(1_000, 600_000).default(30_000).describe('Longest a document may take to render.'),
  PDF_QUEUE_LIMIT: integer(1, 10_000).default(64).describe('Documents waiting to be rendered beyond that, refused with 503.'),
  PDF_LOGO_FILE: optionalText.describe('The shop logo printed on documents (PNG, JPEG or SVG file); default: a monogram of SHOP_NAME.'),
  // ---- AI (adapters-ai) ----
  OPENAI_API_KEY: optionalText.describe(
    'API key of an OpenAI-compatible server. With it (or OPENAI_BASE_URL) the assistant and photo descriptions use that server; without either, no AI service is called.',
  ),
  OPENAI_BASE_URL: httpUrl
    .optional()
    .describe(
      'OpenAI-compatible Chat Completions base URL, e.g. a self-hosted Ollama/vLLM (`http://127.0.0.1:11434/v1`). Unset: OpenAI itself.',
    ),
  OPENAI_MODEL: optionalText.describe(
    'Chat model the assistant uses (required when OPENAI_API_KEY or OPENAI_BASE_URL is set), e.g. `gpt-4o-mini`.',
  ),
  OPENAI_VISION_MODEL: optionalText.describe('Model that describes customer photos (image input). Unset: OPENAI_MODEL.'),
  SHOP_HOURS: optionalText.describe(
    'Opening hours the assistant may tell customers (free text), e.g. `Lunes a viernes de 9 a 18`. `demo` sets an example when unset.',
  ),
  SHOP_SHIPPING: optionalText.describe('Shipping the assistant may tell customers about (free text). `demo` sets an example when unset.'),
  SHOP_PAYMENT_METHODS: optionalText.describe(
    'Payment methods the assistant may tell customers about (free text). `demo` sets an example when unset.',
  ),
  SHOP_HOURS_EN: optionalText.describe('SHOP_HOURS in English, for answers in English. Unset: SHOP_HOURS.'),
  SHOP_SHIPPING_EN: optionalText.describe('SHOP_SHIPPING in English, for answers in English. Unset: SHOP_SHIPPING.'),
  SHOP_PAYMENT_METHODS_EN: optionalText.describe('SHOP_PAYMENT_METHODS in English, for answers in English. Unset: SHOP_PAYMENT_METHODS.'),
  DEMO_AI: z
    .enum(['local', 'emulator'])
    .default('local')
    .describe(
      '`demo` only: `local` answers with the local assistant (no AI service); `emulator` starts the OpenAI emulator (PORT+4) and uses the OpenAI assistant against it. OPENAI_API_KEY / OPENAI_BASE_URL, when set, win over both.',
    ),
  DEMO_OWNER_PASSWORD: optionalText
    .pipe(z.string().min(10, 'must be at least 10 characters').optional())
    .describe('`demo` only: password of owner@demo.local (random and printed when unset).'),
  // ---- electronic invoicing (ARCA) ----
  ARCA_CERT: optionalText.describe(
    'Certificate ARCA issued for web services (PEM, or a path to it). With ARCA_KEY it turns electronic invoicing on; unset: off (said at start). `demo` uses its emulator.',
  ),
  ARCA_KEY: optionalText.describe(
    'Its private key (PEM, or a path to it). Never logged and never sent anywhere: the CMS is signed in process.',
  ),
  ARCA_CUIT: optionalText
    .pipe(
      z
        .string()
        .regex(/^\d{2}-?\d{8}-?\d$/, 'must be a CUIT (11 digits)')
        .optional(),
    )
    .describe('CUIT the certificate represents (default: SHOP_CUIT).'),
  ARCA_PRODUCTION: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true')
    .describe('`true`: ARCA production; otherwise homologation (testing).'),
  ARCA_POINT_OF_SALE: integer(1, 99_998).optional().describe('Point of sale enabled for web services (default: SHOP_POINT_OF_SALE).'),
  ARCA_WSAA_URL: httpUrl.optional().describe('Override of WSAA LoginCms (tests, the demo emulator). Default: the environment’s.'),
  ARCA_WSFE_URL: httpUrl.optional().describe('Override of WSFEv1 service.asmx (tests, the demo emulator). Default: the environment’s.'),
  ARCA_RECONCILE_INTERVAL_SECONDS: integer(1, 86_400)
    .default(60)
    .describe(
      'How often vouchers left pending (ARCA down or silent when they were sent) are reconciled with ARCA: its CAE adopted, or the same voucher sent again once ARCA says it has not got it.',
    ),
  SHOP_GROSS_INCOME_NUMBER: optionalText.describe(
    'Issuer Ingresos Brutos number printed on invoices (default: the CUIT, Convenio Multilateral).',
  ),
  SHOP_ACTIVITY_START: optionalText
    .pipe(
      z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
        .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), 'must be a real calendar date YYYY-MM-DD')
        .optional(),
    )
    .describe(
      'Issuer start of activities (YYYY-MM-DD, as registered with ARCA) printed on invoices. Required when electronic invoicing is on (ARCA_CERT and ARCA_KEY set); `demo` sets its own with its emulator.',
    ),
  AFIPSDK_ACCESS_TOKEN: optionalText.describe(
    'Use the Afip SDK service instead of talking to ARCA directly. WARNING: that service is sent ARCA_CERT and ARCA_KEY (your private key). Unset: the direct adapter.',
  ),
  AFIPSDK_API_URL: httpUrl.optional().describe('Override of the Afip SDK service URL (tests). Default: https://app.afipsdk.com/api/.'),
});

export type AppConfig = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses the environment; every problem names its variable. Values are never echoed (they may be secrets). */
export function loadConfig(env: Readonly<Record<string, string | undefined>>): AppConfig {
  const relevant: Record<string, string> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const value = env[key];
    if (value !== undefined) relevant[key] = value;
  }
  const parsed = configSchema.safeParse(relevant);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(config)'}: ${issue.message}`));
  }
  requireInvoicingConfig(parsed.data);
  return parsed.data;
}

export const ACTIVITY_START_REQUIRED =
  'SHOP_ACTIVITY_START: required when electronic invoicing is on (ARCA_CERT and ARCA_KEY are set): the issuer’s start of activities as registered with ARCA, YYYY-MM-DD';

/**
 * Settings electronic invoicing cannot do without once it is on (ARCA_CERT and ARCA_KEY set):
 * the start of activities is printed on every voucher and has no sensible default.
 */
function requireInvoicingConfig(config: AppConfig): void {
  if (!config.ARCA_CERT || !config.ARCA_KEY) return;
  if (!config.SHOP_ACTIVITY_START) {
    throw new ConfigError([ACTIVITY_START_REQUIRED]);
  }
}

/** `start` runs real services only: everything the demo would stand in for must be configured. */
export function requireProductionConfig(config: AppConfig, env: Readonly<Record<string, string | undefined>>): void {
  const problems: string[] = [];
  if (!config.DATABASE_URL && !env.MOSTRADOR_DATA_DIR) {
    problems.push('DATABASE_URL: required by `start` (or set MOSTRADOR_DATA_DIR explicitly to run on the embedded database)');
  }
  if (!config.PUBLIC_URL) problems.push('PUBLIC_URL: required by `start`');
  if (!config.TELEGRAM_BOT_TOKEN) problems.push('TELEGRAM_BOT_TOKEN: required by `start` (the emulator runs only in `demo`)');
  if (config.TELEGRAM_MODE === 'webhook') {
    if (!config.TELEGRAM_WEBHOOK_URL) problems.push('TELEGRAM_WEBHOOK_URL: required when TELEGRAM_MODE=webhook');
    if (!config.TELEGRAM_WEBHOOK_SECRET) problems.push('TELEGRAM_WEBHOOK_SECRET: required when TELEGRAM_MODE=webhook');
  }
  if (!env.SHOP_CUIT) problems.push('SHOP_CUIT: required by `start` (the default is a demo CUIT)');
  if (config.CORS_ORIGINS === '*')
    problems.push('CORS_ORIGINS: "*" (any origin) is refused by `start`; list the back-office origins, e.g. https://admin.shop.example');
  if (Boolean(config.MP_ACCESS_TOKEN) !== Boolean(config.MP_WEBHOOK_SECRET))
    problems.push('MP_ACCESS_TOKEN, MP_WEBHOOK_SECRET: set both to take Mercado Pago payments, or neither');
  if (env.DEMO_AI) problems.push('DEMO_AI: only valid for `demo`; set OPENAI_API_KEY / OPENAI_BASE_URL to use an AI service');
  if (env.DEMO_OWNER_PASSWORD) problems.push('DEMO_OWNER_PASSWORD: only valid for `demo`; create staff with `mostrador staff:create`');
  if (problems.length > 0) throw new ConfigError(problems);
}

/** Rows for the README configuration table. */
export function configDocumentation(): { name: string; default: string; meaning: string }[] {
  return Object.entries(configSchema.shape).map(([name, schema]) => {
    const parsed = (schema as z.ZodType).safeParse(undefined);
    const fallback = parsed.success && parsed.data !== undefined ? String(parsed.data) : '—';
    return { name, default: fallback, meaning: (schema as z.ZodType).description ?? '' };
  });
}
