// A small X.509 v3 builder (DER by hand, signatures by node:crypto) for the test CA that
// stands in for Apple's: root → intermediate (OID 1.2.840.113635.100.6.2.1) → leaf
// (OID 1.2.840.113635.100.6.11.1), all ECDSA P-256 / SHA-256 like Apple's real chain.
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

export const APPLE_INTERMEDIATE_OID = '1.2.840.113635.100.6.2.1';
export const APPLE_LEAF_OID = '1.2.840.113635.100.6.11.1';

function len(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  while (n > 0) {
    bytes.unshift(n & 0xff);
    n >>= 8;
  }
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}
const tlv = (tag: number, body: Buffer): Buffer => Buffer.concat([Buffer.from([tag]), len(body.length), body]);
const seq = (...items: Buffer[]): Buffer => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]): Buffer => tlv(0x31, Buffer.concat(items));

function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const out = [40 * parts[0]! + parts[1]!];
  for (const p of parts.slice(2)) {
    const chunk: number[] = [p & 0x7f];
    let v = Math.floor(p / 128);
    while (v > 0) {
      chunk.unshift((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    out.push(...chunk);
  }
  return tlv(0x06, Buffer.from(out));
}

function integer(n: number): Buffer {
  let hex = n.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  let b = Buffer.from(hex, 'hex');
  if (b[0]! & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return tlv(0x02, b);
}

function time(ms: number): Buffer {
  const iso = new Date(ms).toISOString(); // 2025-01-02T03:04:05.000Z
  const y = iso.slice(0, 4);
  const rest = iso.slice(5, 7) + iso.slice(8, 10) + iso.slice(11, 13) + iso.slice(14, 16) + iso.slice(17, 19) + 'Z';
  const year = Number(y);
  return year >= 1950 && year < 2050
    ? tlv(0x17, Buffer.from(y.slice(2) + rest, 'ascii'))
    : tlv(0x18, Buffer.from(y + rest, 'ascii'));
}

const name = (cn: string): Buffer =>
  seq(set(seq(oid('2.5.4.3'), tlv(0x0c, Buffer.from(cn, 'utf8')))), set(seq(oid('2.5.4.10'), tlv(0x0c, Buffer.from('Refund Desk Test CA')))));

export interface CertSpec {
  subject: string;
  issuer: string;
  publicKey: KeyObject;
  issuerKey: KeyObject;
  serial: number;
  notBefore: number;
  notAfter: number;
  ca: boolean;
  /** Extra extensions by OID; value NULL, as Apple's marker extensions carry. */
  markerOids?: string[];
}

export function buildCertificate(spec: CertSpec): Buffer {
  const ecdsaWithSha256 = seq(oid('1.2.840.10045.4.3.2'));
  const spki = spec.publicKey.export({ type: 'spki', format: 'der' });
  const exts: Buffer[] = [
    // basicConstraints, critical
    seq(oid('2.5.29.19'), tlv(0x01, Buffer.from([0xff])), tlv(0x04, seq(...(spec.ca ? [tlv(0x01, Buffer.from([0xff]))] : [])))),
    // keyUsage: keyCertSign+cRLSign for CAs, digitalSignature for the leaf
    seq(oid('2.5.29.15'), tlv(0x01, Buffer.from([0xff])), tlv(0x04, tlv(0x03, spec.ca ? Buffer.from([0x01, 0x06]) : Buffer.from([0x07, 0x80])))),
    ...(spec.markerOids ?? []).map((o) => seq(oid(o), tlv(0x04, Buffer.from([0x05, 0x00])))),
  ];
  const tbs = seq(
    tlv(0xa0, integer(2)),
    integer(spec.serial),
    ecdsaWithSha256,
    name(spec.issuer),
    seq(time(spec.notBefore), time(spec.notAfter)),
    name(spec.subject),
    spki,
    tlv(0xa3, seq(...exts)),
  );
  const sig = sign('sha256', tbs, spec.issuerKey);
  return seq(tbs, ecdsaWithSha256, tlv(0x03, Buffer.concat([Buffer.from([0]), sig])));
}

export interface TestChain {
  root: Buffer;
  intermediate: Buffer;
  leaf: Buffer;
  leafKey: KeyObject;
}

export interface ChainOptions {
  /** Validity of all three certificates (default: a year around now). */
  notBefore?: number;
  notAfter?: number;
  intermediateOid?: string | null;
  leafOid?: string | null;
  /** Use this root key pair (to build a second chain under the same root). */
  rootKeys?: { publicKey: KeyObject; privateKey: KeyObject };
}

const ec = () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' });

export function makeChain(opts: ChainOptions = {}): TestChain & { rootKeys: { publicKey: KeyObject; privateKey: KeyObject } } {
  const now = Date.now();
  const notBefore = opts.notBefore ?? now - 180 * 86_400_000;
  const notAfter = opts.notAfter ?? now + 365 * 86_400_000;
  const rootKeys = opts.rootKeys ?? ec();
  const inter = ec();
  const leafKeys = ec();
  const root = buildCertificate({
    subject: 'Test Apple Root CA',
    issuer: 'Test Apple Root CA',
    publicKey: rootKeys.publicKey,
    issuerKey: rootKeys.privateKey,
    serial: 1,
    notBefore,
    notAfter,
    ca: true,
  });
  const intermediate = buildCertificate({
    subject: 'Test Apple Worldwide Developer Relations CA',
    issuer: 'Test Apple Root CA',
    publicKey: inter.publicKey,
    issuerKey: rootKeys.privateKey,
    serial: 2,
    notBefore,
    notAfter,
    ca: true,
    markerOids: opts.intermediateOid === null ? [] : [opts.intermediateOid ?? APPLE_INTERMEDIATE_OID],
  });
  const leaf = buildCertificate({
    subject: 'Test Prod ECC Mac App Store and iTunes Store Receipt Signing',
    issuer: 'Test Apple Worldwide Developer Relations CA',
    publicKey: leafKeys.publicKey,
    issuerKey: inter.privateKey,
    serial: 3,
    notBefore,
    notAfter,
    ca: false,
    markerOids: opts.leafOid === null ? [] : [opts.leafOid ?? APPLE_LEAF_OID],
  });
  return { root, intermediate, leaf, leafKey: leafKeys.privateKey, rootKeys };
}
