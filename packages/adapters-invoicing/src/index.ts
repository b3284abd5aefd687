export { AccessTicketProvider, type AccessTicketProviderOptions } from './access-ticket-provider.js';
export { AFIP_SDK_WARNING, AfipSdkInvoiceAuthorizer, type AfipSdkOptions } from './afip-sdk-adapter.js';
export { certificateFingerprint, signLoginTicketRequest } from './cms-signer.js';
export { createDirectInvoiceAuthorizer, type DirectAdapterDependencies } from './direct-adapter.js';
export { DirectInvoiceAuthorizer, type DirectInvoiceAuthorizerOptions } from './direct-invoice-authorizer.js';
export { afipSdkInvoicingModule, arcaInvoicingModule } from './module.js';
export {
  type ArcaOptions,
  HOMOLOGATION_URLS,
  PRODUCTION_URLS,
  type ResolvedArcaOptions,
  resolveArcaOptions,
} from './options.js';
export { SoapFault } from './soap-client.js';
export { arcaDate, centavos, detailRequest } from './voucher-mapping.js';
