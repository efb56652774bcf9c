// Reads a pasted private key without ever quoting it: what kind of PEM block it is, and
// whether node:crypto can parse it. Messages name the problem, never the content.
import { createPrivateKey, type KeyObject } from 'node:crypto';

export type PemCheck =
  | { ok: true; key: KeyObject; label: string }
  | { ok: false; problem: string };

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/**
 * `what` names the thing in messages ("The .p8 key", "private_key"). Only an unencrypted
 * PKCS#8 block ("BEGIN PRIVATE KEY") is accepted: that is what both Apple's .p8 download
 * and Google's service-account JSON contain.
 */
export function parsePkcs8Pem(pem: string, what: string): PemCheck {
  const text = pem.replace(/\r\n?/g, '\n').trim();
  if (!text) return { ok: false, problem: `${what} is empty.` };
  if (!text.includes('-----BEGIN ')) {
    if (text.includes('\\n')) {
      return { ok: false, problem: `${what} has literal "\\n" sequences instead of line breaks; paste the key as it is in the file.` };
    }
    return { ok: false, problem: `${what} is not a PEM key: it must start with -----BEGIN PRIVATE KEY-----.` };
  }
  const blocks = [...text.matchAll(BLOCK)];
  if (blocks.length === 0) {
    return { ok: false, problem: `${what} is incomplete: the -----END …----- line is missing or does not match the BEGIN line.` };
  }
  if (blocks.length > 1) return { ok: false, problem: `${what} holds ${blocks.length} PEM blocks; paste exactly one key.` };
  const label = blocks[0]![1]!;
  switch (label) {
    case 'PRIVATE KEY':
      break;
    case 'PUBLIC KEY':
    case 'CERTIFICATE':
      return { ok: false, problem: `${what} is a ${label.toLowerCase()}, not a private key.` };
    case 'ENCRYPTED PRIVATE KEY':
      return { ok: false, problem: `${what} is password-protected; use the unencrypted key as downloaded.` };
    case 'EC PRIVATE KEY':
    case 'RSA PRIVATE KEY':
      return {
        ok: false,
        problem: `${what} is in the older ${label === 'EC PRIVATE KEY' ? 'SEC1' : 'PKCS#1'} format (BEGIN ${label}); a PKCS#8 key (BEGIN PRIVATE KEY) is needed.`,
      };
    default:
      return { ok: false, problem: `${what} is a "${label}" block, not a private key (BEGIN PRIVATE KEY).` };
  }
  try {
    return { ok: true, key: createPrivateKey({ key: blocks[0]![0], format: 'pem' }), label };
  } catch {
    // OpenSSL's message says nothing useful to an agent; the content is never quoted.
    return { ok: false, problem: `${what} does not parse as a private key: the file is damaged or incomplete.` };
  }
}
