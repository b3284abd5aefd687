export { type ConfiguredSigningKey, JoseTokenIssuer, type JoseTokenIssuerOptions, SIGNING_KEYS_SETTING } from './auth/jose-token-issuer.js';
export {
  DEFAULT_LOGIN_RATE_LIMITS,
  InMemorySlidingWindowStore,
  type LoginGate,
  LoginRateLimiter,
  type LoginRateLimits,
  type RateLimitRule,
  type SlidingWindowStore,
} from './auth/login-rate-limiter.js';
export {
  CORS_ALLOWED_HEADERS,
  CORS_ALLOWED_METHODS,
  CORS_EXPOSED_HEADERS,
  type CorsOptions,
  DEFAULT_CORS_MAX_AGE_SECONDS,
  isSerializedOrigin,
} from './cors/cors.js';
export { PRODUCT_CSV_COLUMNS } from './csv/product-csv.js';
export { HTTP_TOKENS, type HttpModuleOptions, HttpModuleOptionsSchema, HttpServer, httpModule } from './http-module.js';
export {
  createHttpServer,
  DEFAULT_HTTP_LIMITS,
  type HttpLimits,
  type HttpLoggerOptions,
  type HttpServerDependencies,
  REDACTED_LOG_PATHS,
} from './http-server.js';
export { HttpProblem, PROBLEM_CONTENT_TYPE, type ProblemDocument, type ProblemFieldError } from './problems/problem.js';
