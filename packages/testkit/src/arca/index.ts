export { type AfipSdkServiceOptions, AfipSdkServiceStandIn } from './afip-sdk-service.js';
export { CmsRejection, cuitOf, type VerifiedCms, verifyCms } from './cms.js';
export {
  type ArcaCall,
  ArcaEmulator,
  type ArcaEmulatorOptions,
  type ArcaFault,
  type ArcaFaultKind,
  FEV1_NAMESPACE,
  WSAA_PATH,
  WSFE_PATH,
} from './emulator.js';
export { type ArcaTestPki, type ArcaTestSigner, createArcaTestPki, type PemPair, signCms } from './test-pki.js';
export { loginTicketRequest } from './tra.js';
export { type ArcaMessage, REG_X_REQ, type StoredVoucher } from './wsfe.js';
