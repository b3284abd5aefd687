import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type {
  Clock,
  CounterSaleUseCases,
  DocumentRenderer,
  IdGenerator,
  ImageStore,
  InboundRoute,
  InvoicingUseCases,
  UnitOfWork,
  UseCases,
} from '@mostrador/core';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import type { JoseTokenIssuer } from './auth/jose-token-issuer.js';
import {
  DEFAULT_LOGIN_RATE_LIMITS,
  InMemorySlidingWindowStore,
  LoginRateLimiter,
  type LoginRateLimits,
  type SlidingWindowStore,
} from './auth/login-rate-limiter.js';
import { type CorsOptions, installCors } from './cors/cors.js';
import { checkInboundRoutes, mountInboundRoutes } from './hosting/inbound-routes.js';
import {
  DEFAULT_PROBLEM_TYPE_BASE,
  frameworkErrorProblem,
  installProblemHandling,
  MAX_PATH_PARAM_LENGTH,
} from './problems/problem-handling.js';
import { authRoutes } from './routes/auth-routes.js';
import { campaignRoutes } from './routes/campaign-routes.js';
import { catalogRoutes } from './routes/catalog-routes.js';
import { categoryRoutes } from './routes/category-routes.js';
import { customerRoutes } from './routes/customer-routes.js';
import { documentRoutes } from './routes/document-routes.js';
import { healthRoutes } from './routes/health-routes.js';
import { imageRoutes } from './routes/image-routes.js';
import { invoicingRoutes } from './routes/invoicing-routes.js';
import { orderRoutes } from './routes/order-routes.js';
import { paymentRoutes } from './routes/payment-routes.js';
import { productTransferRoutes } from './routes/product-transfer-routes.js';
import type { RouteDeps } from './routes/route-deps.js';
import { staffRoutes } from './routes/staff-routes.js';
import { ApiRoutes } from './routing/api-routes.js';

export interface HttpLoggerOptions {
  /** pino level; default `info`. */
  readonly level?: string;
  /** Where JSON lines go; default stdout. */
  readonly stream?: { write(line: string): void };
  /** More paths to censor, in pino's redact syntax, besides the built-in ones. */
  readonly redact?: readonly string[];
}

export interface HttpLimits {
  /** JSON bodies. Default 1 MiB. */
  readonly bodyBytes: number;
  /** One uploaded image. Default 5 MiB. */
  readonly imageBytes: number;
  /** A CSV import. Default 5 MiB. */
  readonly csvBytes: number;
  /** Images one product may hold. Default 10. */
  readonly imagesPerProduct: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  bodyBytes: 1024 * 1024,
  imageBytes: 5 * 1024 * 1024,
  csvBytes: 5 * 1024 * 1024,
  imagesPerProduct: 10,
};

export interface HttpServerDependencies {
  readonly useCases: UseCases;
  /** Counter sales (`POST /api/v1/orders`); not served when absent. */
  readonly counterSales?: CounterSaleUseCases | null;
  /** ARCA invoicing; when absent invoices are only read and retries answer 409 `INVOICING.OFF`. */
  readonly invoicing?: InvoicingUseCases | null;
  /** For refresh tokens, signing keys and the default readiness probe. */
  readonly uow: UnitOfWork;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly tokens: JoseTokenIssuer;
  readonly images: ImageStore;
  /** `/readyz` answers 503 when this resolves false or throws. Default: a read through the settings repository. */
  readonly readiness?: () => Promise<boolean>;
  /** `false` silences logging (tests). Ignored when `loggerInstance` is given. */
  readonly logger?: HttpLoggerOptions | false;
  /** The app's own pino logger (its redaction applies; add `REDACTED_LOG_PATHS` to it). */
  readonly loggerInstance?: FastifyBaseLogger;
  /**
   * Fastify's `trustProxy`: set it behind a load balancer so rate limits see the client address —
   * a hop count or the proxies' addresses, `true` only when nothing else can reach the port. Default off.
   */
  readonly trustProxy?: boolean | number | string | string[];
  readonly limits?: Partial<HttpLimits>;
  readonly loginRateLimits?: LoginRateLimits;
  /** Where failed logins are counted; in-process by default (use a shared store with several instances). */
  readonly loginAttemptStore?: SlidingWindowStore;
  /** Prefix of problem `type` URIs. Default `urn:mostrador:problem:`. */
  readonly problemTypeBase?: string;
  /**
   * Cross-origin access from browser pages (a back office on another origin) to `/api/v1`; the
   * JWKS then answers any origin. Absent or no origins: no CORS header at all.
   */
  readonly cors?: CorsOptions;
  /** Serve the OpenAPI document and the browsable page at `/docs`. Default true. */
  readonly docs?: boolean;
  /** Routes of other adapters (webhooks), as bound under `TOKENS.InboundRoute`; served with their raw bodies. */
  readonly routes?: readonly InboundRoute[];
  /** PDFs of vouchers and reports (`TOKENS.DocumentRenderer`); without it those answers are 503. */
  readonly renderer?: DocumentRenderer | null;
  /** A last hook to add Fastify routes directly (the app, tests). */
  readonly extraRoutes?: (app: FastifyInstance) => void;
}

/** Censored in every log line, whoever logs them. */
export const REDACTED_LOG_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["x-telegram-bot-api-secret-token"]',
  'req.headers["x-signature"]',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  'authorization',
  'cookie',
  'password',
  'currentPassword',
  'newPassword',
  'passwordHash',
  'accessToken',
  'refreshToken',
  'token',
  'privateKey',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  '*.passwordHash',
  '*.accessToken',
  '*.refreshToken',
  '*.token',
  '*.privateKey',
  '*.authorization',
  '*.cookie',
];

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Honours a sane `x-request-id` from the caller (a proxy, a client) or makes one. */
const requestIdOf = (request: IncomingMessage): string => {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
};

const loggerOptions = (options: HttpLoggerOptions | false | undefined) => {
  if (options === false) return false;
  return {
    level: options?.level ?? 'info',
    ...(options?.stream ? { stream: options.stream } : {}),
    redact: { paths: [...REDACTED_LOG_PATHS, ...(options?.redact ?? [])], censor: '[redacted]' },
  };
};

/** The default readiness probe: one read through the settings repository (a round trip to the database). */
const databaseAnswers = async (uow: UnitOfWork): Promise<boolean> => {
  await uow.repositories.settings.get('http.readiness-probe');
  return true;
};

/**
 * A hop count becomes "the n addresses nearest to the server are proxies": Fastify itself turns a
 * bare number into "trust nothing", which would silently switch a configured hop count off.
 */
const fastifyTrustProxy = (
  trust: boolean | number | string | string[],
): boolean | string | string[] | ((address: string, hop: number) => boolean) =>
  typeof trust === 'number' ? (_address: string, hop: number) => hop < trust : trust;

/**
 * Builds the Fastify instance serving the API under `/api/v1`, the JWKS, health probes, the
 * OpenAPI document at `/docs/json` and the other adapters' routes. It does not listen.
 */
export async function createHttpServer(deps: HttpServerDependencies): Promise<FastifyInstance> {
  checkInboundRoutes(deps.routes ?? []);
  const limits: HttpLimits = { ...DEFAULT_HTTP_LIMITS, ...deps.limits };
  const problemTypeBase = deps.problemTypeBase ?? DEFAULT_PROBLEM_TYPE_BASE;
  const app = Fastify({
    ...(deps.loggerInstance ? { loggerInstance: deps.loggerInstance } : { logger: loggerOptions(deps.logger) }),
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    genReqId: requestIdOf,
    requestIdHeader: false,
    trustProxy: fastifyTrustProxy(deps.trustProxy ?? false),
    bodyLimit: limits.bodyBytes,
    routerOptions: { maxParamLength: MAX_PATH_PARAM_LENGTH },
    frameworkErrors: frameworkErrorProblem(problemTypeBase),
  });
  // Bodies are parsed by zod in each route (after the access check); Fastify's schemas only document.
  app.setValidatorCompiler(() => () => true);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    reply.header('x-content-type-options', 'nosniff');
  });
  installCors(app, deps.cors);
  installProblemHandling(app, problemTypeBase);

  await app.register(multipart, { limits: { fileSize: limits.imageBytes, files: 1, fields: 10, parts: 12 }, throwFileSizeLimit: true });
  // Bytes, not text: the import checks the UTF-8 itself and names the row of a bad byte (a string parser would turn it into U+FFFD).
  app.addContentTypeParser('text/csv', { parseAs: 'buffer', bodyLimit: limits.csvBytes }, (_request, body, done) => done(null, body));

  if (deps.docs ?? true) {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Mostrador API',
          version: '1',
          description:
            'Back office API of a Mostrador shop. Money is always `{ "amount": <integer centavos>, "currency": "ARS" }`. ' +
            'Lists take `?offset=&limit=` (limit ≤ 100) and answer `{ items, total, offset, limit }`. ' +
            'Errors are RFC 9457 `application/problem+json` with a stable `code` and the `requestId`.',
        },
        components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      },
      // Called when the document is first asked for, once every route is declared.
      transformObject: (document) => ('openapiObject' in document ? routes.finishDocument(document.openapiObject) : document.swaggerObject),
    });
    await app.register(swaggerUi, { routePrefix: '/docs' });
  }

  const loginLimiter = new LoginRateLimiter(
    deps.loginAttemptStore ?? new InMemorySlidingWindowStore(),
    deps.clock,
    deps.loginRateLimits ?? DEFAULT_LOGIN_RATE_LIMITS,
  );
  const readiness = deps.readiness ?? (() => databaseAnswers(deps.uow));
  const routes = new ApiRoutes(app, deps.tokens, deps.useCases.auth);
  const context: RouteDeps = {
    useCases: deps.useCases,
    uow: deps.uow,
    clock: deps.clock,
    tokens: deps.tokens,
    images: deps.images,
    limits,
    loginLimiter,
    readiness,
    counterSales: deps.counterSales ?? null,
    invoicing: deps.invoicing ?? null,
    renderer: deps.renderer ?? null,
  };

  healthRoutes(routes, context);
  authRoutes(routes, context);
  staffRoutes(routes, context);
  catalogRoutes(routes, context);
  productTransferRoutes(routes, context);
  imageRoutes(routes, context);
  categoryRoutes(routes, context);
  customerRoutes(routes, context);
  orderRoutes(routes, context);
  campaignRoutes(routes, context);
  paymentRoutes(routes, context);
  invoicingRoutes(routes, context);
  documentRoutes(routes, context);
  mountInboundRoutes(app, deps.routes ?? [], limits.bodyBytes);
  deps.extraRoutes?.(app);
  return app;
}
