import { createHash, createPrivateKey, generateKeyPairSync, randomBytes, sign, X509Certificate } from 'node:crypto';
import {
  bitString,
  boolean,
  contextTag,
  der,
  integer,
  nullValue,
  OIDS,
  octetString,
  oid,
  parseDer,
  printable,
  sequence,
  set,
  time,
  utf8,
} from './der.js';

/*
 * Throwaway certificates for tests and the demo, made in memory at run time with node:crypto:
 * a test certificate authority (what the emulated WSAA trusts) and signing certificates whose
 * subject carries `serialNumber=CUIT <cuit>`, as ARCA's do. Nothing here is ever written to the
 * repository.
 */

export interface PemPair {
  readonly certificatePem: string;
  readonly privateKeyPem: string;
}

export interface ArcaTestSigner extends PemPair {
  readonly cuit: string;
}

export interface ArcaTestPki {
  readonly ca: PemPair;
  /** Issues a signing certificate for `cuit` from this CA. */
  issueSigner(
    cuit: string,
    options?: { readonly notBefore?: Date; readonly notAfter?: Date; readonly commonName?: string },
  ): ArcaTestSigner;
}

const name = (attributes: readonly { oid: string; value: string; printable?: boolean }[]): Buffer =>
  sequence(...attributes.map((attr) => set(sequence(oid(attr.oid), attr.printable ? printable(attr.value) : utf8(attr.value)))));

const rsaSha256 = (): Buffer => sequence(oid(OIDS.sha256WithRsa), nullValue());

const toPem = (label: string, bytes: Buffer): string =>
  `-----BEGIN ${label}-----\n${
    bytes
      .toString('base64')
      .match(/.{1,64}/g)
      ?.join('\n') ?? ''
  }\n-----END ${label}-----\n`;

const certificate = (input: {
  readonly subject: Buffer;
  readonly issuer: Buffer;
  readonly publicKeyDer: Buffer;
  readonly signingKeyPem: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly ca: boolean;
}): string => {
  const extensions = input.ca
    ? [der(contextTag(3), sequence(sequence(oid(OIDS.basicConstraints), boolean(true), octetString(sequence(boolean(true))))))]
    : [];
  const tbs = sequence(
    der(contextTag(0), integer(2)),
    integer(Buffer.concat([Buffer.from([0x01]), randomBytes(8)])),
    rsaSha256(),
    input.issuer,
    sequence(time(input.notBefore), time(input.notAfter)),
    input.subject,
    input.publicKeyDer,
    ...extensions,
  );
  const signature = sign('sha256', tbs, createPrivateKey(input.signingKeyPem));
  return toPem('CERTIFICATE', sequence(tbs, rsaSha256(), bitString(signature)));
};

const keyPair = (): { privateKeyPem: string; publicKeyDer: Buffer } => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyDer: publicKey.export({ type: 'spki', format: 'der' }),
  };
};

/** A new test CA (RSA 2048, valid from a day ago for ten years). */
export const createArcaTestPki = (commonName = 'Mostrador Test WSAA CA'): ArcaTestPki => {
  const now = Date.now();
  const caKeys = keyPair();
  const caName = name([
    { oid: OIDS.country, value: 'AR', printable: true },
    { oid: OIDS.organization, value: 'Mostrador testkit' },
    { oid: OIDS.commonName, value: commonName },
  ]);
  const caCertificate = certificate({
    subject: caName,
    issuer: caName,
    publicKeyDer: caKeys.publicKeyDer,
    signingKeyPem: caKeys.privateKeyPem,
    notBefore: new Date(now - 86_400_000),
    notAfter: new Date(now + 10 * 365 * 86_400_000),
    ca: true,
  });
  return {
    ca: { certificatePem: caCertificate, privateKeyPem: caKeys.privateKeyPem },
    issueSigner(cuit, options = {}) {
      const keys = keyPair();
      const pem = certificate({
        subject: name([
          { oid: OIDS.country, value: 'AR', printable: true },
          { oid: OIDS.organization, value: 'Mostrador test shop' },
          { oid: OIDS.commonName, value: options.commonName ?? `mostrador-${cuit}` },
          { oid: OIDS.serialNumber, value: `CUIT ${cuit}`, printable: true },
        ]),
        issuer: caName,
        publicKeyDer: keys.publicKeyDer,
        signingKeyPem: caKeys.privateKeyPem,
        notBefore: options.notBefore ?? new Date(now - 86_400_000),
        notAfter: options.notAfter ?? new Date(now + 2 * 365 * 86_400_000),
        ca: false,
      });
      return { cuit, certificatePem: pem, privateKeyPem: keys.privateKeyPem };
    },
  };
};

/**
 * Signs `content` as CMS SignedData the way ARCA's clients do (`openssl smime -sign -nodetach
 * -outform DER`, SHA-256, signer certificate embedded, signed attributes) and returns it in
 * base64: what goes in `loginCms/in0`. Used by the emulator's own tests; real adapters sign with
 * their own library so that the two implementations check each other.
 */
export const signCms = (content: string | Buffer, signer: PemPair, options: { readonly signingTime?: Date } = {}): string => {
  const body = Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8');
  const cert = new X509Certificate(signer.certificatePem);
  const tbs = parseDer(cert.raw).children[0];
  const fields = tbs?.children ?? [];
  // TBSCertificate: [0] version, serialNumber, signature, issuer, ...
  const serial = fields[1];
  const issuer = fields[3];
  if (!serial || !issuer) throw new Error('cannot read the signer certificate');
  const digest = createHash('sha256').update(body).digest();
  const attributes = [
    sequence(oid(OIDS.contentType), set(oid(OIDS.data))),
    sequence(oid(OIDS.signingTime), set(time(options.signingTime ?? new Date()))),
    sequence(oid(OIDS.messageDigest), set(octetString(digest))),
  ];
  const signedAttrsSet = set(...attributes);
  const signature = sign('sha256', signedAttrsSet, createPrivateKey(signer.privateKeyPem));
  const signedAttrsImplicit = Buffer.concat([Buffer.from([contextTag(0)]), signedAttrsSet.subarray(1)]);
  const sha256Alg = sequence(oid(OIDS.sha256), nullValue());
  const signerInfo = sequence(
    integer(1),
    sequence(issuer.raw, serial.raw),
    sha256Alg,
    signedAttrsImplicit,
    sequence(oid(OIDS.rsaEncryption), nullValue()),
    octetString(signature),
  );
  const signedData = sequence(
    integer(1),
    set(sha256Alg),
    sequence(oid(OIDS.data), der(contextTag(0), octetString(body))),
    der(contextTag(0), cert.raw),
    set(signerInfo),
  );
  return sequence(oid(OIDS.signedData), der(contextTag(0), signedData)).toString('base64');
};
