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
