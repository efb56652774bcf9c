// A test service account and Google's OAuth2 token endpoint for the JWT bearer grant:
// the client posts a self-signed RS256 JWT (iss = client_email, aud = Google's token URL,
// scope), and receives {access_token, expires_in, token_type}.
import { createPublicKey, createVerify, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';

export const GOOGLE_TOKEN_AUD = 'https://oauth2.googleapis.com/token';
export const PUBLISHER_SCOPE = 'https://www.googleapis.com/auth/androidpublisher';

export interface TestServiceAccount {
  json: string;
  clientEmail: string;
  publicKey: KeyObject;
}

export function makeServiceAccount(email = 'refund-desk@play-test-123.iam.gserviceaccount.com'): TestServiceAccount {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const json = JSON.stringify({
    type: 'service_account',
    project_id: 'play-test-123',
    private_key_id: randomBytes(20).toString('hex'),
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    client_email: email,
    client_id: '1234567890',
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: GOOGLE_TOKEN_AUD,
  });
  return { json, clientEmail: email, publicKey: createPublicKey(publicKey.export({ type: 'spki', format: 'pem' })) };
}

const b64urlJson = (part: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

/** Checks the assertion as Google does; returns an OAuth error body on failure. */
export function verifyAssertion(
  assertion: string,
  sa: { clientEmail: string; publicKey: KeyObject },
  nowMs: number,
): { ok: true; scope: string } | { ok: false; error: string; error_description: string } {
  const parts = assertion.split('.');
  if (parts.length !== 3) return { ok: false, error: 'invalid_grant', error_description: 'Invalid JWT: malformed.' };
  const [h, p, s] = parts as [string, string, string];
  let header: Record<string, unknown>;
  let payload: Record<string, unknown>;
  try {
    header = b64urlJson(h);
    payload = b64urlJson(p);
  } catch {
    return { ok: false, error: 'invalid_grant', error_description: 'Invalid JWT: undecodable.' };
  }
  if (header.alg !== 'RS256') return { ok: false, error: 'invalid_grant', error_description: 'Invalid JWT: alg must be RS256.' };
  const verifier = createVerify('RSA-SHA256');
  verifier.update(`${h}.${p}`);
  if (!verifier.verify(sa.publicKey, Buffer.from(s, 'base64url'))) {
    return { ok: false, error: 'invalid_grant', error_description: 'Invalid JWT Signature.' };
  }
  if (payload.iss !== sa.clientEmail) return { ok: false, error: 'invalid_client', error_description: 'The OAuth client was not found.' };
  if (payload.aud !== GOOGLE_TOKEN_AUD) return { ok: false, error: 'invalid_grant', error_description: 'Invalid JWT: aud is not the token URL.' };
  const now = Math.floor(nowMs / 1000);
  const exp = Number(payload.exp);
  const iat = Number(payload.iat);
  // Google rejects assertions that expire more than an hour after they were issued.
  if (!(exp > now - 300) || !(exp - iat <= 3600)) {
    return { ok: false, error: 'invalid_grant', error_description: 'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.' };
  }
  const scope = typeof payload.scope === 'string' ? payload.scope : '';
  if (!scope.split(' ').includes(PUBLISHER_SCOPE)) {
    return { ok: false, error: 'invalid_scope', error_description: 'The androidpublisher scope is missing.' };
  }
  return { ok: true, scope };
}
