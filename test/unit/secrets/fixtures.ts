// Credentials made fresh for each test run: real keys from node:crypto, never real accounts.
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import type { CredentialInput, CredentialInputOf } from '../../../src-main/ipc/channels/credentials';

const alnum = (n: number): string =>
  [...randomBytes(n)].map((b) => 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'[b % 62]).join('');

export const pkcs8 = (type: 'ec' | 'rsa' | 'ed25519', namedCurve = 'P-256'): string => {
  const pair =
    type === 'ec'
      ? generateKeyPairSync('ec', { namedCurve })
      : type === 'rsa'
        ? generateKeyPairSync('rsa', { modulusLength: 2048 })
        : generateKeyPairSync('ed25519');
  return pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
};

export const stripeKey = (prefix = 'sk_test_', body = alnum(99)): string => `${prefix}${body}`;

export function serviceAccount(overrides: Record<string, unknown> = {}, privateKey = pkcs8('rsa')): Record<string, unknown> {
  return {
    type: 'service_account',
    project_id: 'refund-desk-test',
    private_key_id: randomBytes(20).toString('hex'),
    private_key: privateKey,
    client_email: 'refund-desk@refund-desk-test.iam.gserviceaccount.com',
    client_id: '123456789012345678901',
    token_uri: 'https://oauth2.googleapis.com/token',
    ...overrides,
  };
}

export const stripeInput = (secretKey = stripeKey()): CredentialInputOf<'stripe'> => ({ store: 'stripe', secretKey });

export const googleInput = (
  json: string = JSON.stringify(serviceAccount(), null, 2),
  packageName = 'com.example.refunddesk',
): CredentialInputOf<'google'> => ({ store: 'google', serviceAccountJson: json, packageName });

export const appleInput = (over: Partial<CredentialInputOf<'apple'>> = {}): CredentialInputOf<'apple'> => ({
  store: 'apple',
  privateKey: pkcs8('ec'),
  keyId: '2X9R4HXF34',
  issuerId: randomUUID(),
  bundleId: 'com.example.refunddesk',
  appAppleId: 1234567890,
  environment: 'sandbox',
  ...over,
});

export const amazonInput = (sharedSecret = `2:${alnum(64)}:${randomBytes(16).toString('base64')}`): CredentialInputOf<'amazon'> => ({
  store: 'amazon',
  sharedSecret,
  environment: 'production',
});

/** One valid input per store, each secret carrying `marker` so a leak scan can find it. */
export function markedInputs(marker: string): CredentialInput[] {
  const sa = serviceAccount({ private_key_id: `${marker}${randomBytes(12).toString('hex')}` });
  return [
    stripeInput(stripeKey('rk_live_', `${marker}${alnum(40)}`)),
    googleInput(JSON.stringify(sa)),
    appleInput({ privateKey: pkcs8('ec') }),
    amazonInput(`2:${marker}:${alnum(20)}`),
  ];
}
