// What the leak scan looks for: each store's marker (planted inside the secret part of
// its credential) and pieces of each private key, in every encoding a careless line of
// code could turn them into (plain, hex, base64 at each alignment, raw key bytes).
import { createPrivateKey, randomBytes } from 'node:crypto';

export interface Needle {
  /** Which secret, and which form of it, e.g. "stripe marker (base64, offset 1)". */
  label: string;
  bytes: Buffer;
}

const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A marker of letters and digits only, so it survives URL, JSON and SQL quoting unchanged. */
export function makeMarker(tag: string): string {
  return `LEAK${tag.toUpperCase()}${[...randomBytes(14)].map((b) => UPPER[b % UPPER.length]).join('')}`;
}

// The base64 of a string depends on where it starts modulo 3; the inner part of each of the
// three encodings is what any base64 text containing the string must contain.
function base64Forms(text: string): { offset: number; form: string }[] {
  const out: { offset: number; form: string }[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const b64 = Buffer.concat([Buffer.alloc(offset, 0x2e), Buffer.from(text), Buffer.alloc(3, 0x2e)]).toString('base64');
    // Skip the characters touched by the filler on each side.
    const start = Math.ceil((offset * 4) / 3) + 1;
    const end = Math.floor(((offset + text.length) * 4) / 3) - 1;
    out.push({ offset, form: b64.slice(start, end) });
  }
  return out;
}

/** The marker as text, hex and base64 (standard and URL-safe) at every alignment. */
export function markerNeedles(label: string, marker: string): Needle[] {
  const needles: Needle[] = [
    { label: `${label} marker`, bytes: Buffer.from(marker) },
    { label: `${label} marker (lower case)`, bytes: Buffer.from(marker.toLowerCase()) },
    { label: `${label} marker (hex)`, bytes: Buffer.from(Buffer.from(marker).toString('hex')) },
    // UTF-16LE: what a Windows-side or Buffer('ucs2') write would produce.
    { label: `${label} marker (UTF-16)`, bytes: Buffer.from(marker, 'utf16le') },
  ];
  for (const { offset, form } of base64Forms(marker)) {
    needles.push({ label: `${label} marker (base64, offset ${offset})`, bytes: Buffer.from(form) });
    const url = form.replace(/\+/g, '-').replace(/\//g, '_');
    if (url !== form) needles.push({ label: `${label} marker (base64url, offset ${offset})`, bytes: Buffer.from(url) });
  }
  return needles;
}

/**
 * Pieces of a PKCS#8 PEM private key that are secret: 16-character chunks of each body
 * line (the algorithm header every key of that type shares is skipped), the private
 * scalar as raw bytes, hex and base64url, and the whole body without line breaks.
 */
export function privateKeyNeedles(label: string, pem: string): Needle[] {
  const lines = pem
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('-----'));
  const body = lines.join('');
  const key = createPrivateKey(pem);
  const jwk = key.export({ format: 'jwk' }) as { d?: string };
  if (!jwk.d) throw new Error(`${label}: no private scalar in the key`);
  const d = Buffer.from(jwk.d, 'base64url');
  // PKCS#8 starts with the same algorithm identifier for every key of a type: not secret
  // (48 characters for P-256; an RSA key's first line is that and the modulus's start).
  const skip = key.asymmetricKeyType === 'ec' ? 48 : 64;
  const needles: Needle[] = [
    { label: `${label} (PEM body, no line breaks)`, bytes: Buffer.from(body.slice(skip)) },
    { label: `${label} (private scalar, raw bytes)`, bytes: d.subarray(0, 16) },
    { label: `${label} (private scalar, hex)`, bytes: Buffer.from(d.subarray(0, 16).toString('hex')) },
    { label: `${label} (private scalar, base64url)`, bytes: Buffer.from(jwk.d.slice(0, 20)) },
  ];
  let offset = 0;
  for (const [n, line] of lines.entries()) {
    for (let i = 0; i + 16 <= line.length; i += 16) {
      if (offset + i >= skip) needles.push({ label: `${label} (PEM line ${n + 1}, chars ${i}-${i + 15})`, bytes: Buffer.from(line.slice(i, i + 16)) });
    }
    offset += line.length;
  }
  return needles;
}
