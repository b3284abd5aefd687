import { readFileSync } from 'node:fs';
import { isValidCuit, ValidationError } from '@mostrador/core';
import forge from 'node-forge';

export const HOMOLOGATION_URLS = {
  wsaa: 'https://wsaahomo.afip.gov.ar/ws/services/LoginCms',
  wsfe: 'https://wswhomo.afip.gov.ar/wsfev1/service.asmx',
} as const;
export const PRODUCTION_URLS = {
  wsaa: 'https://wsaa.afip.gov.ar/ws/services/LoginCms',
  wsfe: 'https://servicios1.afip.gov.ar/wsfev1/service.asmx',
} as const;

export interface ArcaOptions {
  /** The issuer's CUIT (ARCA_CUIT), 11 digits, dashes allowed. */
  readonly cuit: string;
  /** The certificate ARCA issued for the computer (ARCA_CERT): a PEM or a path to one. */
  readonly certificate: string;
  /** Its private key (ARCA_KEY): a PEM or a path to one. Never logged, never sent anywhere. */
  readonly privateKey: string;
  /** ARCA_PRODUCTION: false = homologation (default). */
  readonly production?: boolean;
  /** ARCA_POINT_OF_SALE: 1..99999, a point of sale enabled for web services. */
  readonly pointOfSale: number;
  /** ARCA_WSAA_URL / ARCA_WSFE_URL: override the environment's endpoints (tests, the demo's emulator). */
  readonly wsaaUrl?: string;
  readonly wsfeUrl?: string;
  /** Per-request timeout; default 30 s. */
  readonly timeoutMs?: number;
}

export interface ResolvedArcaOptions {
  readonly cuit: string;
  readonly certificatePem: string;
  readonly privateKeyPem: string;
  readonly production: boolean;
  readonly environment: 'production' | 'homologation';
  readonly pointOfSale: number;
  readonly wsaaUrl: string;
  readonly wsfeUrl: string;
  readonly timeoutMs: number;
}

const fail = (option: string, why: string): never => {
  throw new ValidationError('INVOICING.OPTION_INVALID', `${option} ${why}`, { option });
};

/** A PEM given inline, or read from the path given; the error names the option, never the value. */
const pem = (value: string, option: string, label: RegExp): string => {
  const text = value.includes('-----BEGIN') ? value.replace(/\\n/g, '\n') : readPath(value, option);
  if (!label.test(text)) fail(option, 'is not a PEM of the expected kind');
  return text;
};

const readPath = (path: string, option: string): string => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fail(option, 'is neither a PEM nor a readable file');
  }
};

const url = (value: string | undefined, fallback: string, option: string): string => {
  if (value === undefined || value === '') return fallback;
  try {
    const parsed = new URL(value);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') fail(option, 'must be an http(s) URL');
    return value;
  } catch {
    return fail(option, 'must be an http(s) URL');
  }
};

/** Validates the options, naming the bad one (ARCA_CUIT, ARCA_CERT, …) and never echoing a value. */
export const resolveArcaOptions = (options: ArcaOptions): ResolvedArcaOptions => {
  const cuit = (options.cuit ?? '').replace(/[-\s]/g, '');
  if (!isValidCuit(cuit)) fail('ARCA_CUIT', 'must be a valid CUIT (11 digits with its check digit)');
  const certificatePem = pem(options.certificate ?? '', 'ARCA_CERT', /-----BEGIN CERTIFICATE-----/);
  const privateKeyPem = pem(options.privateKey ?? '', 'ARCA_KEY', /-----BEGIN (RSA )?PRIVATE KEY-----/);
  let certificate: forge.pki.Certificate;
  try {
    certificate = forge.pki.certificateFromPem(certificatePem);
  } catch {
    return fail('ARCA_CERT', 'is not a readable RSA certificate');
  }
  let key: forge.pki.rsa.PrivateKey;
  try {
    key = forge.pki.privateKeyFromPem(privateKeyPem);
  } catch {
    return fail('ARCA_KEY', 'is not a readable, unencrypted RSA private key');
  }
  const publicKey = certificate.publicKey as forge.pki.rsa.PublicKey;
  if (publicKey.n?.compareTo(key.n) !== 0) fail('ARCA_KEY', 'does not belong to the certificate in ARCA_CERT');
  const pointOfSale = Number(options.pointOfSale);
  if (!Number.isSafeInteger(pointOfSale) || pointOfSale < 1 || pointOfSale > 99_999)
    fail('ARCA_POINT_OF_SALE', 'must be an integer 1..99999');
  const production = options.production === true;
  const urls = production ? PRODUCTION_URLS : HOMOLOGATION_URLS;
  const timeoutMs = options.timeoutMs ?? 30_000;
  if (!Number.isSafeInteger(timeoutMs) || timeoutMs < 1) fail('timeoutMs', 'must be a positive integer');
  return {
    cuit,
    certificatePem,
    privateKeyPem,
    production,
    environment: production ? 'production' : 'homologation',
    pointOfSale,
    wsaaUrl: url(options.wsaaUrl, urls.wsaa, 'ARCA_WSAA_URL'),
    wsfeUrl: url(options.wsfeUrl, urls.wsfe, 'ARCA_WSFE_URL'),
    timeoutMs,
  };
};
