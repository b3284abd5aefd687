import { randomUUID } from 'node:crypto';
import {
  type AccessTokenClaims,
  type Clock,
  DomainError,
  ROLES,
  type Role,
  type SettingsRepository,
  type TokenIssuer,
} from '@mostrador/core';
import {
  type CryptoKey,
  calculateJwkThumbprint,
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  importPKCS8,
  type JWK,
  errors as joseErrors,
  jwtVerify,
  SignJWT,
} from 'jose';

const ALGORITHM = 'EdDSA';
/** RFC 9068: marks the JWT as an access token so no other JWT signed with the key can pass for one. */
const TOKEN_TYPE = 'at+jwt';
export const SIGNING_KEYS_SETTING = 'http.jwt.signing-keys';

/** A signing key from configuration: a PKCS#8 PEM or a private JWK (Ed25519). */
export interface ConfiguredSigningKey {
  readonly privateKey: string | JWK;
  /** Defaults to the RFC 7638 thumbprint of the public key. */
  readonly kid?: string;
}

export interface JoseTokenIssuerOptions {
  readonly issuer: string;
  readonly audience: string;
  readonly clock: Clock;
  /** Default 900 (15 minutes). */
  readonly accessTokenTtlSeconds?: number;
  /** Allowed clock skew between instances when verifying. Default 0. */
  readonly clockToleranceSeconds?: number;
  /**
   * Keys from configuration: the first signs, all verify (list the previous key second while
   * rotating). When absent, one key pair is generated on first use and stored in `settings`
   * with an insert-if-absent, so every instance of the app shares it.
   */
  readonly keys?: readonly ConfiguredSigningKey[];
  readonly settings?: SettingsRepository;
}

interface StoredSigningKeys {
  readonly keys: readonly { readonly kid: string; readonly privateJwk: JWK; readonly createdAt: string }[];
}

interface LoadedKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: JWK;
}

interface KeyRing {
  readonly signing: LoadedKey;
  readonly all: readonly LoadedKey[];
  readonly verify: ReturnType<typeof createLocalJWKSet>;
}

const invalid = (message: string): DomainError => new DomainError('AUTH.TOKEN_INVALID', message);

const publicPart = (jwk: JWK): JWK => ({ kty: jwk.kty, crv: jwk.crv, x: jwk.x });

const isRole = (value: unknown): value is Role => typeof value === 'string' && (ROLES as readonly string[]).includes(value);

/**
 * Signs and verifies access tokens with EdDSA (Ed25519) through jose. Verification pins the
 * algorithm (so `alg: none` and HMAC confusion are refused), the issuer, the audience, the token
 * type and expiry against the injected clock.
 */
export class JoseTokenIssuer implements TokenIssuer {
  readonly issuer: string;
  readonly audience: string;
  readonly accessTokenTtlSeconds: number;
  readonly #clock: Clock;
  readonly #clockTolerance: number;
  readonly #configured: readonly ConfiguredSigningKey[];
  readonly #settings: SettingsRepository | undefined;
  #ring: Promise<KeyRing> | null = null;

  constructor(options: JoseTokenIssuerOptions) {
    if (!options.issuer || !options.audience) throw new TypeError('JoseTokenIssuer needs an issuer and an audience');
    if ((options.keys?.length ?? 0) === 0 && !options.settings) {
      throw new TypeError('JoseTokenIssuer needs configured keys or a settings repository to keep a generated key');
    }
    this.issuer = options.issuer;
    this.audience = options.audience;
    this.accessTokenTtlSeconds = options.accessTokenTtlSeconds ?? 900;
    this.#clock = options.clock;
    this.#clockTolerance = options.clockToleranceSeconds ?? 0;
    this.#configured = options.keys ?? [];
    this.#settings = options.settings;
  }

  /** Loads (or generates and stores) the keys now rather than on the first token. */
  async init(): Promise<void> {
    await this.#keys();
  }

  async issue(claims: AccessTokenClaims): Promise<{ token: string; expiresIn: number }> {
    const { signing } = await this.#keys();
    const now = Math.floor(this.#clock.now().getTime() / 1000);
    const token = await new SignJWT({ roles: [...claims.roles] })
      .setProtectedHeader({ alg: ALGORITHM, kid: signing.kid, typ: TOKEN_TYPE })
      .setIssuer(this.issuer)
      .setAudience(this.audience)
      .setSubject(claims.sub)
      .setJti(randomUUID())
      .setIssuedAt(now)
      .setExpirationTime(now + this.accessTokenTtlSeconds)
      .sign(signing.privateKey);
    return { token, expiresIn: this.accessTokenTtlSeconds };
  }

  async verify(token: string): Promise<AccessTokenClaims> {
    const { verify } = await this.#keys();
    try {
      const { payload } = await jwtVerify(token, verify, {
        algorithms: [ALGORITHM],
        issuer: this.issuer,
        audience: this.audience,
        typ: TOKEN_TYPE,
        currentDate: this.#clock.now(),
        clockTolerance: this.#clockTolerance,
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      const roles = payload.roles;
      if (typeof payload.sub !== 'string' || !Array.isArray(roles) || !roles.every(isRole)) throw invalid('the token claims are malformed');
      return { sub: payload.sub, roles };
    } catch (error) {
      if (error instanceof DomainError) throw error;
      if (error instanceof joseErrors.JWTExpired) throw new DomainError('AUTH.TOKEN_EXPIRED', 'the access token has expired');
      if (error instanceof joseErrors.JOSEError) throw invalid('the access token is not valid');
      throw error;
    }
  }

  /** The public keys as a JWK Set, for `/.well-known/jwks.json`. */
  async jwks(): Promise<{ keys: JWK[] }> {
    const { all } = await this.#keys();
    return { keys: all.map((key) => ({ ...key.publicJwk, kid: key.kid, alg: ALGORITHM, use: 'sig' })) };
  }

  #keys(): Promise<KeyRing> {
    this.#ring ??= this.#load().catch((error: unknown) => {
      this.#ring = null; // a database hiccup at start must not poison every later request
      throw error;
    });
    return this.#ring;
  }

  async #load(): Promise<KeyRing> {
    const loaded = this.#configured.length > 0 ? await Promise.all(this.#configured.map(loadConfiguredKey)) : await this.#loadStoredKeys();
    const [signing] = loaded;
    if (!signing) throw new TypeError('no signing key');
    const kids = new Set(loaded.map((key) => key.kid));
    if (kids.size !== loaded.length) throw new TypeError('signing keys must have distinct kids');
    const verify = createLocalJWKSet({ keys: loaded.map((key) => ({ ...key.publicJwk, kid: key.kid, alg: ALGORITHM })) });
    return { signing, all: loaded, verify };
  }

  async #loadStoredKeys(): Promise<LoadedKey[]> {
    const settings = this.#settings!;
    let stored = await settings.get<StoredSigningKeys>(SIGNING_KEYS_SETTING);
    if (stored === null) {
      const { privateKey } = await generateKeyPair(ALGORITHM, { crv: 'Ed25519', extractable: true });
      const privateJwk = await exportJWK(privateKey);
      const kid = await calculateJwkThumbprint(publicPart(privateJwk));
      // Two instances starting together: whichever inserts first wins, the other adopts its key.
      stored = await settings.setIfAbsent<StoredSigningKeys>(SIGNING_KEYS_SETTING, {
        keys: [{ kid, privateJwk, createdAt: this.#clock.now().toISOString() }],
      });
    }
    return Promise.all(stored.keys.map((key) => loadConfiguredKey({ privateKey: key.privateJwk, kid: key.kid })));
  }
}

async function loadConfiguredKey(key: ConfiguredSigningKey): Promise<LoadedKey> {
  let privateKey: CryptoKey;
  let privateJwk: JWK;
  if (typeof key.privateKey === 'string') {
    privateKey = await importPKCS8(key.privateKey, ALGORITHM, { extractable: true });
    privateJwk = await exportJWK(privateKey);
  } else {
    privateJwk = key.privateKey;
    if (privateJwk.kty !== 'OKP' || privateJwk.crv !== 'Ed25519' || typeof privateJwk.d !== 'string') {
      throw new TypeError('a signing JWK must be a private Ed25519 key (kty OKP, crv Ed25519, with d)');
    }
    const imported = await importJWK(privateJwk, ALGORITHM);
    if (imported instanceof Uint8Array) throw new TypeError('a signing JWK must be an asymmetric key');
    privateKey = imported;
  }
  const publicJwk = publicPart(privateJwk);
  return { kid: key.kid ?? (await calculateJwkThumbprint(publicJwk)), privateKey, publicJwk };
}
