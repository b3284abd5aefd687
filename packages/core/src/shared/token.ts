declare const tokenType: unique symbol;

/**
 * A typed dependency-injection key. Core owns it so it never imports a container library;
 * the app hands tokens to Inversify as service identifiers, and `get(token)` stays typed.
 */
export type Token<T> = symbol & { readonly [tokenType]?: T };

export const token = <T>(name: string): Token<T> => Symbol.for(`mostrador.${name}`) as Token<T>;

export type TokenType<K> = K extends Token<infer T> ? T : never;
