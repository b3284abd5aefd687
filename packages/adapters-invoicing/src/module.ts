import { bindToken, resolveToken, TOKENS, ValidationError } from '@mostrador/core';
import { ContainerModule } from 'inversify';
import { AfipSdkInvoiceAuthorizer, type AfipSdkOptions } from './afip-sdk-adapter.js';
import { createDirectInvoiceAuthorizer } from './direct-adapter.js';
import { type ArcaOptions, resolveArcaOptions } from './options.js';

/**
 * The direct ARCA adapter's registration: validates the options now (the error names ARCA_CUIT,
 * ARCA_CERT, ARCA_KEY, … and never echoes a value) and binds `TOKENS.InvoiceAuthorizer`, built
 * from `TOKENS.AccessTicketStore` and `TOKENS.ExclusiveLocks` (the persistence adapter binds
 * both), `TOKENS.Logger` and `TOKENS.Clock`.
 */
export const arcaInvoicingModule = (options: ArcaOptions): ContainerModule => {
  const resolved = resolveArcaOptions(options);
  return new ContainerModule((load) => {
    bindToken(load, TOKENS.InvoiceAuthorizer)
      .toDynamicValue((context) => {
        const clock = resolveToken(context, TOKENS.Clock);
        return createDirectInvoiceAuthorizer(resolved, {
          store: resolveToken(context, TOKENS.AccessTicketStore),
          locks: resolveToken(context, TOKENS.ExclusiveLocks),
          logger: resolveToken(context, TOKENS.Logger),
          now: () => clock.now(),
        });
      })
      .inSingletonScope();
  });
};

/**
 * The Afip SDK adapter's registration (see the README: the certificate and key are sent to that
 * service). Binds `TOKENS.InvoiceAuthorizer`; warns through `TOKENS.Logger` when it is built.
 */
export const afipSdkInvoicingModule = (options: ArcaOptions, sdk: AfipSdkOptions): ContainerModule => {
  const resolved = resolveArcaOptions(options);
  if (!sdk.accessToken)
    throw new ValidationError('INVOICING.OPTION_INVALID', 'AFIPSDK_ACCESS_TOKEN is required by the Afip SDK adapter', {
      option: 'AFIPSDK_ACCESS_TOKEN',
    });
  return new ContainerModule((load) => {
    bindToken(load, TOKENS.InvoiceAuthorizer)
      .toDynamicValue((context) => new AfipSdkInvoiceAuthorizer(resolved, sdk, resolveToken(context, TOKENS.Logger)))
      .inSingletonScope();
  });
};
