import type { AddressInfo } from 'node:net';
import {
  type Clock,
  type IdGenerator,
  type ImageStore,
  type PasswordHasher,
  type Startable,
  TOKENS,
  type Token,
  type TokenIssuer,
  token,
  type UnitOfWork,
  type UseCases,
} from '@mostrador/core';
import type { FastifyInstance } from 'fastify';
import { ContainerModule, type ServiceIdentifier } from 'inversify';
import { z } from 'zod';
import { JoseTokenIssuer } from './auth/jose-token-issuer.js';
import type { SlidingWindowStore } from './auth/login-rate-limiter.js';
import { ScryptPasswordHasher } from './auth/scrypt-password-hasher.js';
import { DEFAULT_CORS_MAX_AGE_SECONDS, isSerializedOrigin } from './cors/cors.js';
import { HttpRouteCollection, type HttpRouteRegistry } from './hosting/route-registry.js';
import { createHttpServer, type HttpServerDependencies } from './http-server.js';

/** This package's own DI keys (core's `TOKENS` cover the ports). */
export const HTTP_TOKENS = {
  /** Other adapters register their webhook routes here. */
  RouteRegistry: token<HttpRouteRegistry>('http.RouteRegistry'),
  /** The running server (also bound as a `TOKENS.Startable`). */
  Server: token<HttpServer>('http.Server'),
  /** The concrete issuer, for its JWKS (also bound as `TOKENS.TokenIssuer`). */
  JoseTokenIssuer: token<JoseTokenIssuer>('http.JoseTokenIssuer'),
  /** Optional: `/readyz` probe; default reads through the settings repository. */
  Readiness: token<() => Promise<boolean>>('http.Readiness'),
  /** Optional: shared store of failed logins (Redis) when several instances run. */
  LoginAttemptStore: token<SlidingWindowStore>('http.LoginAttemptStore'),
} as const;

const serviceId = <T>(key: Token<T>): ServiceIdentifier<T> => key;

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
  refreshTokenTtlSeconds: z
    .number()
    .int()
    .min(3600)
    .max(365 * 24 * 3600)
    .default(30 * 24 * 3600),
  clockToleranceSeconds: z.number().int().min(0).max(300).default(0),
  /** Ed25519 signing keys: first signs, all verify. Absent: one is generated and kept in the settings repository. */
  signingKeys: z.array(signingKey).min(1).optional(),
  trustProxy: z.union([z.boolean(), z.string(), z.array(z.string())]).default(false),
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
  scrypt: z
    .strictObject({ logN: z.number().int().min(10).max(20), r: z.number().int().min(1).max(32), p: z.number().int().min(1).max(16) })
    .partial()
    .optional(),
});

export type HttpModuleOptions = z.input<typeof HttpModuleOptionsSchema>;
type ValidOptions = z.output<typeof HttpModuleOptionsSchema>;

/** Builds the Fastify app on `start()` (after every adapter has registered its routes) and closes it on `stop()`. */
export class HttpServer implements Startable {
  readonly name = 'http';
  readonly phase = 'serve' as const;
  #app: FastifyInstance | null = null;

  constructor(
    private readonly deps: Omit<HttpServerDependencies, 'routes'>,
    private readonly address: { readonly host: string; readonly port: number },
    private readonly registry: HttpRouteCollection,
  ) {}

  async start(): Promise<void> {
    if (this.#app) return;
    await this.deps.tokens.init(); // a broken configured key fails the start, not the first login
    const app = await createHttpServer({ ...this.deps, routes: this.registry.drain() });
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
 * binds `TOKENS.TokenIssuer` (JoseTokenIssuer), `TOKENS.PasswordHasher` (scrypt), the
 * `HTTP_TOKENS.RouteRegistry` and a `TOKENS.Startable` that listens on host:port.
 * Needs bound: `TOKENS.UseCases`, `TOKENS.UnitOfWork`, `TOKENS.Clock`, `TOKENS.IdGenerator`, `TOKENS.ImageStore`.
 */
export function httpModule(options: HttpModuleOptions): ContainerModule {
  const parsed = HttpModuleOptionsSchema.safeParse(options);
  if (!parsed.success) throw new TypeError(`invalid HTTP adapter options:\n${describeIssues(parsed.error)}`);
  const config: ValidOptions = parsed.data;

  return new ContainerModule(({ bind }) => {
    bind(serviceId(HTTP_TOKENS.RouteRegistry))
      .toDynamicValue(() => new HttpRouteCollection())
      .inSingletonScope();
    bind(serviceId(HTTP_TOKENS.JoseTokenIssuer))
      .toDynamicValue(
        (context) =>
          new JoseTokenIssuer({
            issuer: config.issuer,
            audience: config.audience,
            clock: context.get(serviceId(TOKENS.Clock)),
            accessTokenTtlSeconds: config.accessTokenTtlSeconds,
            clockToleranceSeconds: config.clockToleranceSeconds,
            ...(config.signingKeys ? { keys: config.signingKeys } : {}),
            settings: context.get(serviceId(TOKENS.UnitOfWork)).repositories.settings,
          }),
      )
      .inSingletonScope();
    bind(serviceId<TokenIssuer>(TOKENS.TokenIssuer)).toDynamicValue((context) => context.get(serviceId(HTTP_TOKENS.JoseTokenIssuer)));
    bind(serviceId<PasswordHasher>(TOKENS.PasswordHasher))
      .toDynamicValue(() => new ScryptPasswordHasher(config.scrypt ?? {}))
      .inSingletonScope();
    bind(serviceId(HTTP_TOKENS.Server))
      .toDynamicValue((context) => {
        const readiness = context.get(serviceId(HTTP_TOKENS.Readiness), { optional: true });
        const loginAttemptStore = context.get(serviceId(HTTP_TOKENS.LoginAttemptStore), { optional: true });
        const registry = context.get(serviceId(HTTP_TOKENS.RouteRegistry));
        if (!(registry instanceof HttpRouteCollection))
          throw new TypeError('HTTP_TOKENS.RouteRegistry must stay bound to the HttpRouteCollection of httpModule');
        return new HttpServer(
          {
            useCases: context.get<UseCases>(serviceId(TOKENS.UseCases)),
            uow: context.get<UnitOfWork>(serviceId(TOKENS.UnitOfWork)),
            clock: context.get<Clock>(serviceId(TOKENS.Clock)),
            ids: context.get<IdGenerator>(serviceId(TOKENS.IdGenerator)),
            images: context.get<ImageStore>(serviceId(TOKENS.ImageStore)),
            tokens: context.get(serviceId(HTTP_TOKENS.JoseTokenIssuer)),
            trustProxy: config.trustProxy,
            limits: config.limits,
            refreshTokenTtlSeconds: config.refreshTokenTtlSeconds,
            docs: config.docs,
            ...(config.cors ? { cors: config.cors } : {}),
            ...(config.logger === undefined ? {} : { logger: config.logger }),
            ...(config.loginRateLimits ? { loginRateLimits: config.loginRateLimits } : {}),
            ...(config.problemTypeBase ? { problemTypeBase: config.problemTypeBase } : {}),
            ...(readiness ? { readiness } : {}),
            ...(loginAttemptStore ? { loginAttemptStore } : {}),
          },
          { host: config.host, port: config.port },
          registry,
        );
      })
      .inSingletonScope();
    bind(serviceId<Startable>(TOKENS.Startable)).toDynamicValue((context) => context.get(serviceId(HTTP_TOKENS.Server)));
  });
}
