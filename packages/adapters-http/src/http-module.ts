import type { AddressInfo } from 'node:net';
import {
  bindToken,
  type CounterSaleUseCases,
  type DocumentRenderer,
  type InboundRoute,
  type InvoicingUseCases,
  resolveToken,
  type Startable,
  TOKENS,
  token,
} from '@mostrador/core';
import type { FastifyInstance } from 'fastify';
import { ContainerModule } from 'inversify';
import { z } from 'zod';
import { JoseTokenIssuer } from './auth/jose-token-issuer.js';
import type { SlidingWindowStore } from './auth/login-rate-limiter.js';
import { DEFAULT_CORS_MAX_AGE_SECONDS, isSerializedOrigin } from './cors/cors.js';
import { createHttpServer, type HttpServerDependencies } from './http-server.js';

/** This package's own DI keys (core's `TOKENS` cover the ports; other adapters' routes come under `TOKENS.InboundRoute`). */
export const HTTP_TOKENS = {
  /** The running server (also bound as a `TOKENS.Startable`). */
  Server: token<HttpServer>('http.Server'),
  /** The concrete issuer, for its JWKS (also bound as `TOKENS.TokenIssuer`). */
  JoseTokenIssuer: token<JoseTokenIssuer>('http.JoseTokenIssuer'),
  /** Optional: `/readyz` probe; default reads through the settings repository. */
  Readiness: token<() => Promise<boolean>>('http.Readiness'),
  /** Optional: shared store of failed logins (Redis) when several instances run. */
  LoginAttemptStore: token<SlidingWindowStore>('http.LoginAttemptStore'),
} as const;

const rule = z.strictObject({ maxFailures: z.number().int().min(1), windowSeconds: z.number().int().min(1) });

const signingKey = z.strictObject({
  privateKey: z.union([
    z.string().refine((pem) => pem.includes('-----BEGIN PRIVATE KEY-----'), 'a PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----")'),
    z.looseObject({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), d: z.string(), x: z.string() }),
  ]),
  kid: z.string().min(1).max(128).optional(),
});

export const HttpModuleOptionsSchema = z.strictObject({
  host: z.string().min(1).default('0.0.0.0'),
  port: z.number().int().min(0).max(65_535).default(3000),
  /** `iss` of access tokens, e.g. the public URL of the API. */
  issuer: z.string().min(1),
  /** `aud` of access tokens, e.g. `mostrador-api`. */
  audience: z.string().min(1),
  accessTokenTtlSeconds: z
    .number()
    .int()
    .min(60)
    .max(24 * 3600)
    .default(900),
  clockToleranceSeconds: z.number().int().min(0).max(300).default(0),
  /** Ed25519 signing keys: first signs, all verify. Absent: one is generated and kept in the settings repository. */
  signingKeys: z.array(signingKey).min(1).optional(),
  /**
   * Fastify's `trustProxy`: `false` (default: the connecting address is the client), `true` (any
   * sender's X-Forwarded-For), a hop count, or the proxies' addresses/CIDRs (a string or a list).
   */
  trustProxy: z.union([z.boolean(), z.number().int().min(1), z.string().min(1), z.array(z.string().min(1))]).default(false),
  limits: z
    .strictObject({
      bodyBytes: z.number().int().min(1024),
      imageBytes: z.number().int().min(1024),
      csvBytes: z.number().int().min(1024),
      imagesPerProduct: z.number().int().min(1).max(100),
    })
    .partial()
    .default({}),
  loginRateLimits: z.strictObject({ perAccount: rule, perAddress: rule }).optional(),
  logger: z
    .union([
      z.literal(false),
      z.strictObject({
        level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
        redact: z.array(z.string()).optional(),
      }),
    ])
    .optional(),
  /** Browser pages on these origins may call `/api/v1` (CORS); `'*'`: any origin. Absent or `[]`: none. */
  cors: z
    .strictObject({
      origins: z.union([
        z.literal('*'),
        z
          .array(z.string().refine(isSerializedOrigin, 'an origin as browsers send it: scheme://host[:port], lower case, no path'))
          .readonly(),
      ]),
      maxAgeSeconds: z.number().int().min(0).max(86_400).default(DEFAULT_CORS_MAX_AGE_SECONDS),
    })
    .optional(),
  docs: z.boolean().default(true),
  problemTypeBase: z.string().min(1).optional(),
});

export type HttpModuleOptions = z.input<typeof HttpModuleOptionsSchema>;
type ValidOptions = z.output<typeof HttpModuleOptionsSchema>;

/**
 * Builds the Fastify app on `start()` with the API and every route bound under
 * `TOKENS.InboundRoute` (a route bound twice fails the start), and closes it on `stop()`.
 */
export class HttpServer implements Startable {
  readonly name = 'http';
  readonly phase = 'serve' as const;
  #app: FastifyInstance | null = null;

  constructor(
    private readonly deps: HttpServerDependencies,
    private readonly address: { readonly host: string; readonly port: number },
  ) {}

  async start(): Promise<void> {
    if (this.#app) return;
    await this.deps.tokens.init(); // a broken configured key fails the start, not the first login
    const app = await createHttpServer(this.deps);
    try {
      await app.listen({ host: this.address.host, port: this.address.port });
    } catch (error) {
      await app.close();
      throw error;
    }
    this.#app = app;
  }

  async stop(): Promise<void> {
    const app = this.#app;
    this.#app = null;
    await app?.close();
  }

  /** `http://host:port` while listening. */
  get url(): string {
    const address = this.#app?.server.address() as AddressInfo | null | undefined;
    if (!address) throw new Error('the HTTP server is not listening');
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}`;
  }
}

const describeIssues = (error: z.ZodError): string => z.prettifyError(error);

/**
 * The HTTP adapter's registration: validates `options` now (a bad key or port fails at boot) and
 * binds `TOKENS.TokenIssuer` (JoseTokenIssuer) and a `TOKENS.Startable` (phase `serve`) that
 * listens on host:port, serving the API and every route bound under `TOKENS.InboundRoute`.
 * Needs bound: `TOKENS.UseCases`, `TOKENS.UnitOfWork`, `TOKENS.Clock`, `TOKENS.IdGenerator`,
 * `TOKENS.ImageStore` (and, for the use cases, `TOKENS.PasswordHasher`: the app binds it).
 */
export function httpModule(options: HttpModuleOptions): ContainerModule {
  const parsed = HttpModuleOptionsSchema.safeParse(options);
  if (!parsed.success) throw new TypeError(`invalid HTTP adapter options:\n${describeIssues(parsed.error)}`);
  const config: ValidOptions = parsed.data;

  return new ContainerModule((load) => {
    bindToken(load, HTTP_TOKENS.JoseTokenIssuer)
      .toDynamicValue(
        (context) =>
          new JoseTokenIssuer({
            issuer: config.issuer,
            audience: config.audience,
            clock: resolveToken(context, TOKENS.Clock),
            accessTokenTtlSeconds: config.accessTokenTtlSeconds,
            clockToleranceSeconds: config.clockToleranceSeconds,
            ...(config.signingKeys ? { keys: config.signingKeys } : {}),
            settings: resolveToken(context, TOKENS.UnitOfWork).repositories.settings,
          }),
      )
      .inSingletonScope();
    bindToken(load, TOKENS.TokenIssuer).toService(HTTP_TOKENS.JoseTokenIssuer);
    load
      .bind<HttpServer>(HTTP_TOKENS.Server)
      .toDynamicValue((context) => {
        const readiness = context.get<() => Promise<boolean>>(HTTP_TOKENS.Readiness, { optional: true });
        const loginAttemptStore = context.get<SlidingWindowStore>(HTTP_TOKENS.LoginAttemptStore, { optional: true });
        const renderer = context.get<DocumentRenderer>(TOKENS.DocumentRenderer, { optional: true }) ?? null;
        // Every module is loaded by the time the app resolves its Startables, so every route is bound.
        const routes = context.getAll<InboundRoute>(TOKENS.InboundRoute, { optional: true });
        return new HttpServer(
          {
            useCases: resolveToken(context, TOKENS.UseCases),
            counterSales: context.get<CounterSaleUseCases>(TOKENS.CounterSaleUseCases, { optional: true }) ?? null,
            invoicing: context.get<InvoicingUseCases>(TOKENS.InvoicingUseCases, { optional: true }) ?? null,
            uow: resolveToken(context, TOKENS.UnitOfWork),
            clock: resolveToken(context, TOKENS.Clock),
            ids: resolveToken(context, TOKENS.IdGenerator),
            images: resolveToken(context, TOKENS.ImageStore),
            tokens: resolveToken(context, HTTP_TOKENS.JoseTokenIssuer),
            routes,
            trustProxy: config.trustProxy,
            limits: config.limits,
            docs: config.docs,
            ...(config.cors ? { cors: config.cors } : {}),
            ...(config.logger === undefined ? {} : { logger: config.logger }),
            ...(config.loginRateLimits ? { loginRateLimits: config.loginRateLimits } : {}),
            ...(config.problemTypeBase ? { problemTypeBase: config.problemTypeBase } : {}),
            ...(readiness ? { readiness } : {}),
            ...(loginAttemptStore ? { loginAttemptStore } : {}),
            renderer,
          },
          { host: config.host, port: config.port },
        );
      })
      .inSingletonScope();
    bindToken<Startable>(load, TOKENS.Startable).toService(HTTP_TOKENS.Server);
  });
}
