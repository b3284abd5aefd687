declare const tokenType: unique symbol;

/**
 * A typed dependency-injection key. Core owns it so it never imports a container library;
 * the app hands tokens to Inversify as service identifiers, and `get(token)` stays typed.
 */
export type Token<T> = symbol & { readonly [tokenType]?: T };

export const token = <T>(name: string): Token<T> => Symbol.for(`mostrador.${name}`) as Token<T>;

export type TokenType<K> = K extends Token<infer T> ? T : never;

/**
 * The part of a container these helpers need. Inversify's `Container`, and the `bind`/`get` an
 * Inversify `ContainerModule` is given, fit it; core imports no container library.
 */
export interface TokenResolver {
  get(serviceIdentifier: symbol): unknown;
}

/** `container.get(token)` with the token's type kept: `resolveToken(container, TOKENS.Clock)` is a `Clock`. */
export const resolveToken = <T>(resolver: TokenResolver, key: Token<T>): T => resolver.get(key) as T;

/** What `bindToken` offers: the bindings whose value the token's type checks. */
export interface TokenBinding<T> {
  toConstantValue(value: T): unknown;
  /** Built on first use; `inSingletonScope()` keeps one instance in containers whose default scope is transient. */
  toDynamicValue(factory: (context: TokenResolver) => T): { inSingletonScope(): unknown };
  /** Resolves to whatever `key` resolves to (one instance bound under two tokens). */
  toService(key: Token<T>): unknown;
}

/**
 * The part of a container module's `bind` (Inversify's `ContainerModule` load options, or a
 * `Container`) that `bindToken` needs; core imports no container library.
 */
export interface TokenBinder {
  bind(serviceIdentifier: symbol): {
    toConstantValue(value: never): unknown;
    toDynamicValue(factory: (context: TokenResolver) => never): { inSingletonScope(): unknown };
    toService(serviceIdentifier: symbol): unknown;
  };
}

/** `bind(token)` with the token's type kept: `bindToken(load, TOKENS.Clock).toConstantValue(clock)` checks that `clock` is a `Clock`. */
export const bindToken = <T>(binder: TokenBinder, key: Token<T>): TokenBinding<T> => binder.bind(key) as unknown as TokenBinding<T>;
