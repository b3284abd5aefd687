/*
 * A small DER reader and writer: enough ASN.1 to build test certificates, sign a CMS the way a
 * client does and verify one the way WSAA does. Not a general BER parser: indefinite lengths
 * are refused (CMS clients send DER).
 */

export interface DerNode {
  readonly tag: number;
  /** The whole encoding, header included. */
  readonly raw: Buffer;
  /** The content octets. */
  readonly value: Buffer;
  readonly children: readonly DerNode[];
}

export class DerError extends Error {}

const isConstructed = (tag: number): boolean => (tag & 0x20) !== 0;

export const parseDer = (bytes: Buffer, offset = 0): DerNode => {
  const node = readNode(bytes, offset);
  return node.node;
};

const readNode = (bytes: Buffer, offset: number): { node: DerNode; end: number } => {
  if (offset + 2 > bytes.length) throw new DerError('truncated DER');
  const tag = bytes[offset] as number;
  if ((tag & 0x1f) === 0x1f) throw new DerError('multi-byte tags are not supported');
  let length = bytes[offset + 1] as number;
  let header = 2;
  if (length === 0x80) throw new DerError('indefinite length is not DER');
  if (length > 0x80) {
    const count = length & 0x7f;
    if (count > 4 || offset + 2 + count > bytes.length) throw new DerError('bad DER length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (bytes[offset + 2 + i] as number);
    header += count;
  }
  const start = offset + header;
  const end = start + length;
  if (end > bytes.length) throw new DerError('DER value runs past the end');
  const value = bytes.subarray(start, end);
  const children: DerNode[] = [];
  if (isConstructed(tag)) {
    let at = start;
    while (at < end) {
      const child = readNode(bytes, at);
      children.push(child.node);
      at = child.end;
    }
  }
  return { node: { tag, raw: bytes.subarray(offset, end), value, children }, end };
};

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

/** Context-specific tag `[n]`, constructed (explicit or implicit over a constructed type). */
export const contextTag = (n: number): number => 0xa0 | n;

const encodeLength = (length: number): Buffer => {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
};

export const der = (tag: number, ...contents: Buffer[]): Buffer => {
  const value = Buffer.concat(contents);
  return Buffer.concat([Buffer.from([tag]), encodeLength(value.length), value]);
};

export const sequence = (...items: Buffer[]): Buffer => der(TAG.SEQUENCE, ...items);
/** A DER SET OF sorts its encodings. */
export const set = (...items: Buffer[]): Buffer => der(TAG.SET, ...[...items].sort(Buffer.compare));
export const nullValue = (): Buffer => der(TAG.NULL);
export const octetString = (bytes: Buffer): Buffer => der(TAG.OCTET_STRING, bytes);
export const bitString = (bytes: Buffer): Buffer => der(TAG.BIT_STRING, Buffer.from([0]), bytes);
export const boolean = (value: boolean): Buffer => der(TAG.BOOLEAN, Buffer.from([value ? 0xff : 0]));
export const printable = (text: string): Buffer => der(TAG.PRINTABLE_STRING, Buffer.from(text, 'latin1'));
export const utf8 = (text: string): Buffer => der(TAG.UTF8_STRING, Buffer.from(text, 'utf8'));

export const integer = (value: number | bigint | Buffer): Buffer => {
  let bytes: Buffer;
  if (Buffer.isBuffer(value)) bytes = value;
  else {
    let hex = BigInt(value).toString(16);
    if (hex.length % 2) hex = `0${hex}`;
    bytes = Buffer.from(hex, 'hex');
  }
  if ((bytes[0] as number) & 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return der(TAG.INTEGER, bytes);
};

export const oid = (dotted: string): Buffer => {
  const parts = dotted.split('.').map(Number);
  const bytes: number[] = [(parts[0] as number) * 40 + (parts[1] as number)];
  for (const part of parts.slice(2)) {
    const chunk: number[] = [part & 0x7f];
    for (let rest = Math.floor(part / 128); rest > 0; rest = Math.floor(rest / 128)) chunk.unshift(0x80 | (rest & 0x7f));
    bytes.push(...chunk);
  }
  return der(TAG.OID, Buffer.from(bytes));
};

export const readOid = (node: DerNode): string => {
  if (node.tag !== TAG.OID) throw new DerError('expected an OBJECT IDENTIFIER');
  const bytes = node.value;
  const first = bytes[0] as number;
  const parts = [Math.floor(first / 40), first % 40];
  let acc = 0;
  for (const byte of bytes.subarray(1)) {
    acc = acc * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      parts.push(acc);
      acc = 0;
    }
  }
  return parts.join('.');
};

/** UTCTime for years 1950–2049 (RFC 5280), GeneralizedTime otherwise. */
export const time = (date: Date): Buffer => {
  const iso = date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const year = date.getUTCFullYear();
  return year >= 1950 && year < 2050
    ? der(TAG.UTC_TIME, Buffer.from(`${iso.slice(2)}Z`))
    : der(TAG.GENERALIZED_TIME, Buffer.from(`${iso}Z`));
};

export const OIDS = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  sha1WithRsa: '1.2.840.113549.1.1.5',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha1: '1.3.14.3.2.26',
  commonName: '2.5.4.3',
  serialNumber: '2.5.4.5',
  country: '2.5.4.6',
  organization: '2.5.4.10',
  basicConstraints: '2.5.29.19',
} as const;
