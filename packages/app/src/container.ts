import type { Token } from '@mostrador/core';
import { Container, type ContainerModuleLoadOptions, type ServiceIdentifier } from 'inversify';

/** Core's tokens are branded symbols; these keep `T` when they become Inversify service identifiers. */
export const serviceId = <T>(token: Token<T>): ServiceIdentifier<T> => token as ServiceIdentifier<T>;

export const bindValue = <T>(options: Pick<ContainerModuleLoadOptions, 'bind'>, token: Token<T>, value: T): void => {
  options.bind<T>(serviceId(token)).toConstantValue(value);
};

export const resolve = <T>(container: Container, token: Token<T>): T => container.get<T>(serviceId(token));

export const resolveAll = <T>(container: Container, token: Token<T>): T[] =>
  container.isBound(serviceId(token)) ? container.getAll<T>(serviceId(token)) : [];

export { Container };
