// Signs App Store JWS the way Apple does: ES256, x5c = [leaf, intermediate, root].
import { sign } from 'node:crypto';
import type { TestChain } from './x509';

const b64url = (b: Buffer | string): string => Buffer.from(b).toString('base64url');

export function signJws(chain: TestChain, payload: object): string {
  const header = {
    alg: 'ES256',
    x5c: [chain.leaf, chain.intermediate, chain.root].map((c) => c.toString('base64')),
  };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const sig = sign('sha256', Buffer.from(input), { key: chain.leafKey, dsaEncoding: 'ieee-p1363' });
  return `${input}.${b64url(sig)}`;
}

/** Replaces the payload and keeps the old signature: what an attacker who edits a JWS produces. */
export function tamperJws(jws: string, edit: (payload: Record<string, unknown>) => void): string {
  const [h, p, s] = jws.split('.') as [string, string, string];
  const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
  edit(payload);
  return `${h}.${b64url(JSON.stringify(payload))}.${s}`;
}

/** What Xcode and StoreKit Testing produce: an unsigned token that the library does not verify. */
export function unsignedJws(payload: object): string {
  return `${b64url(JSON.stringify({ alg: 'none' }))}.${b64url(JSON.stringify(payload))}.`;
}
