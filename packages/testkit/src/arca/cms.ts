import { createHash, verify, X509Certificate } from 'node:crypto';
import { contextTag, type DerNode, OIDS, parseDer, readOid, TAG } from './der.js';

/** Why WSAA refuses a CMS, as its fault codes say it. */
export class CmsRejection extends Error {
  constructor(
    readonly faultCode: 'cms.bad' | 'cms.cert.untrusted' | 'cms.cert.expired' | 'cms.sign.invalid',
    message: string,
  ) {
    super(message);
  }
}

export interface VerifiedCms {
  readonly content: Buffer;
  readonly signer: X509Certificate;
}

const HASHES: Record<string, string> = { [OIDS.sha256]: 'sha256', [OIDS.sha1]: 'sha1' };

const bad = (why: string): never => {
  throw new CmsRejection('cms.bad', `Error al verificar el CMS: ${why}`);
};

const at = (node: DerNode | undefined, index: number): DerNode => node?.children[index] ?? bad('estructura incompleta');

/** The serial number of a certificate as the hex of its INTEGER content, leading zero bytes dropped. */
const serialHex = (bytes: Buffer): string =>
  bytes
    .toString('hex')
    .replace(/^(00)+/, '')
    .toUpperCase();

/**
 * Verifies a base64 CMS SignedData as WSAA does: content attached, the signer certificate embedded
 * and issued by `trustedCa`, valid at `now`, and a signature (over the signed attributes, whose
 * messageDigest must match the content, or over the content itself) made with its key.
 */
export const verifyCms = (base64: string, trustedCa: X509Certificate, now: Date): VerifiedCms => {
  let root: DerNode;
  try {
    root = parseDer(Buffer.from(base64.replace(/\s+/g, ''), 'base64'));
  } catch (error) {
    return bad((error as Error).message);
  }
  if (root.tag !== TAG.SEQUENCE || readOid(at(root, 0)) !== OIDS.signedData) bad('no es SignedData');
  const signedData = at(at(root, 1), 0);
  const items = signedData.children;
  const encap = items[2];
  if (!encap || readOid(at(encap, 0)) !== OIDS.data) bad('contenido no es data');
  const explicitContent = encap?.children[1];
  if (!explicitContent) return bad('el contenido no está incluido (firma separada)');
  const octets = at(explicitContent, 0);
  const content = octets.tag === TAG.OCTET_STRING ? Buffer.from(octets.value) : Buffer.concat(octets.children.map((c) => c.value));

  const certificates: X509Certificate[] = [];
  let signerInfos: DerNode | undefined;
  for (const item of items.slice(3)) {
    if (item.tag === contextTag(0)) {
      for (const child of item.children) {
        try {
          certificates.push(new X509Certificate(child.raw));
        } catch {
          bad('certificado ilegible');
        }
      }
    } else if (item.tag === TAG.SET) signerInfos = item;
  }
  const signerInfo = signerInfos?.children[0] ?? bad('sin firmante');
  const sid = at(signerInfo, 1);
  const serial = serialHex(at(sid, 1).value);
  const signer = certificates.find((cert) => serialHex(Buffer.from(cert.serialNumber, 'hex')) === serial);
  if (!signer) return bad('el certificado del firmante no está incluido');

  if (!signer.checkIssued(trustedCa) || !signer.verify(trustedCa.publicKey)) {
    throw new CmsRejection('cms.cert.untrusted', 'Certificado no emitido por AC de confianza');
  }
  if (now < new Date(signer.validFrom) || now > new Date(signer.validTo)) {
    throw new CmsRejection('cms.cert.expired', 'Certificado expirado');
  }

  const hash = HASHES[readOid(at(at(signerInfo, 2), 0))];
  if (!hash) throw new CmsRejection('cms.sign.invalid', 'Firma inválida o algoritmo no soportado');
  const rest = signerInfo.children.slice(3);
  const signedAttrs = rest[0]?.tag === contextTag(0) ? rest[0] : undefined;
  const signature = rest[rest.length - 1];
  if (!signature || signature.tag !== TAG.OCTET_STRING) return bad('sin firma');
  let signedBytes = content;
  if (signedAttrs) {
    const digestAttr = signedAttrs.children.find((attr) => readOid(at(attr, 0)) === OIDS.messageDigest);
    const digest = digestAttr ? at(at(digestAttr, 1), 0).value : undefined;
    if (!digest || !createHash(hash).update(content).digest().equals(digest)) {
      throw new CmsRejection('cms.sign.invalid', 'Firma inválida o algoritmo no soportado');
    }
    // The signature covers the attributes re-encoded as a SET (tag 0x31), not the [0] of the message.
    signedBytes = Buffer.concat([Buffer.from([TAG.SET]), signedAttrs.raw.subarray(1)]);
  }
  if (!verify(hash, signedBytes, signer.publicKey, signature.value)) {
    throw new CmsRejection('cms.sign.invalid', 'Firma inválida o algoritmo no soportado');
  }
  return { content, signer };
};

/** The CUIT in a certificate subject's `serialNumber=CUIT nnnnnnnnnnn`, or null. */
export const cuitOf = (certificate: X509Certificate): string | null => /serialNumber=CUIT (\d{11})/.exec(certificate.subject)?.[1] ?? null;
