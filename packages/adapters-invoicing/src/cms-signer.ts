import forge from 'node-forge';

/**
 * Signs a WSAA login ticket request as ARCA wants it: CMS SignedData, content attached, SHA-256,
 * the signer certificate embedded, DER, base64 (what `openssl smime -sign -nodetach -outform DER`
 * gives). Runs in this process: the private key is never sent anywhere.
 */
export const signLoginTicketRequest = (tra: string, certificatePem: string, privateKeyPem: string, now: Date): string => {
  const certificate = forge.pki.certificateFromPem(certificatePem);
  const key = forge.pki.privateKeyFromPem(privateKeyPem);
  const signed = forge.pkcs7.createSignedData();
  signed.content = forge.util.createBuffer(tra, 'utf8');
  signed.addCertificate(certificate);
  signed.addSigner({
    key,
    certificate,
    digestAlgorithm: forge.pki.oids.sha256 as string,
    authenticatedAttributes: [
      { type: forge.pki.oids.contentType as string, value: forge.pki.oids.data as string },
      { type: forge.pki.oids.messageDigest as string },
      { type: forge.pki.oids.signingTime as string, value: now as unknown as string },
    ],
  });
  signed.sign();
  return forge.util.encode64(forge.asn1.toDer(signed.toAsn1()).getBytes());
};

/** The certificate's SHA-256 fingerprint (hex): names its access ticket without revealing anything secret. */
export const certificateFingerprint = (certificatePem: string): string => {
  const der = forge.asn1.toDer(forge.pki.certificateToAsn1(forge.pki.certificateFromPem(certificatePem))).getBytes();
  return forge.md.sha256.create().update(der).digest().toHex();
};
