import { describe, expect, it } from 'vitest';
import { credentialInputSchema } from '../../../src-main/ipc/channels/credentials';
import { DeskError } from '../../../src-main/ipc/define';
import { assertValidCredential, stripeKeyHint, validateCredential } from '../../../src-main/secrets/validate';
import { amazonInput, appleInput, googleInput, pkcs8, serviceAccount, stripeInput, stripeKey } from './fixtures';
import type { CredentialInput } from '../../../src-main/ipc/channels/credentials';
import { STORE_PROFILES, type StoreProfile } from '../../../src-main/domain/profiles';
import type { Store } from '../../../src-main/ipc/vocabulary';

/** The problems for an input, checked to never quote any of the given secrets. */
function problems(input: CredentialInput, ...secrets: string[]): string[] {
  const r = validateCredential(input);
  if (r.ok) throw new Error('expected the credential to be refused');
  const text = r.problems.join('\n');
  for (const s of secrets.filter(Boolean)) {
    expect(text).not.toContain(s);
    // not even a recognisable piece of it
    for (let i = 0; i + 12 <= s.length; i += 12) expect(text).not.toContain(s.slice(i, i + 12));
  }
  return r.problems;
}

describe('Stripe keys', () => {
  it.each([
    ['sk_test_', 'secret_key', 'test'],
    ['sk_live_', 'secret_key', 'live'],
    ['rk_test_', 'restricted_key', 'test'],
    ['rk_live_', 'restricted_key', 'live'],
  ])('accepts %s keys and reports kind and mode', (prefix, kind, mode) => {
    const key = stripeKey(prefix);
    const v = assertValidCredential(stripeInput(`  ${key}\n`));
    expect(v).toMatchObject({ kind, mode, credential: { store: 'stripe', secretKey: key } });
    expect(stripeKeyHint(key)).toBe(`${prefix}…${key.slice(-4)}`);
  });

  it('accepts a key with a short suffix: Stripe publishes no minimum length', () => {
    expect(assertValidCredential(stripeInput('sk_test_abc'))).toMatchObject({ kind: 'secret_key', mode: 'test' });
    expect(assertValidCredential(stripeInput('rk_live_Z9'))).toMatchObject({ kind: 'restricted_key', mode: 'live' });
  });

  it('refuses a publishable key with the exact advice', () => {
    const key = stripeKey('pk_live_');
    expect(problems(stripeInput(key), key.slice(8))).toEqual(['This is a publishable key; paste the secret or restricted key.']);
  });

  it.each([
    ['', /Paste the Stripe secret key/],
    [`whsec_${'a'.repeat(32)}`, /webhook signing secret/],
    ['sk_test_abcd efghijklmnopqrstu', /space or line break/],
    ['sk_prod_abcdefghijklmnopqrstuvwxyz', /starts with sk_live_, sk_test_, rk_live_ or rk_test_/],
    ['ak_test_abcdefghijklmnopqrstuvwxyz', /starts with sk_live_/],
    ['sk_test_abc-defghijklmnopqrstuvwxyz', /characters a Stripe key never has/],
    ['sk_test_', /ends after its prefix; it looks cut off/],
    [stripeKey('sk_test_', 'a'.repeat(250)), /longer than any Stripe key/],
  ])('refuses %#: %s', (key, message) => {
    const p = problems(stripeInput(key), key.length > 20 ? key.slice(8) : 'never-present');
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(message);
  });
});

describe('Google service-account JSON', () => {
  it('accepts a real RSA service-account key and a package name', () => {
    const v = assertValidCredential(googleInput());
    expect(v).toMatchObject({ kind: 'service_account', mode: null, credential: { store: 'google', packageName: 'com.example.refunddesk' } });
  });

  it('accepts a key without token_uri, and a loopback token_uri for local test servers', () => {
    const { token_uri: _ignored, ...noUri } = serviceAccount();
    expect(validateCredential(googleInput(JSON.stringify(noUri))).ok).toBe(true);
    expect(validateCredential(googleInput(JSON.stringify(serviceAccount({ token_uri: 'http://127.0.0.1:4321/token' })))).ok).toBe(true);
  });

  it('says where invalid JSON breaks without quoting it', () => {
    const json = JSON.stringify(serviceAccount()).slice(0, -5);
    const p = problems(googleInput(json), json);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/^The service-account key is not valid JSON( \(error at character \d+\))?; paste the whole file as downloaded\.$/);
  });

  it.each([
    ['missing private_key', { private_key: undefined }, 'The service-account key has no "private_key".'],
    ['missing client_email', { client_email: undefined }, 'The service-account key has no "client_email".'],
    ['client_email not an email', { client_email: 'not-an-email' }, 'The service-account key\'s "client_email" is not an email address.'],
    ['user credential', { type: 'authorized_user' }, 'The JSON is not a service-account key: "type" must be "service_account" (this one is "authorized_user").'],
    ['unknown type', { type: 'something' }, 'The JSON is not a service-account key: "type" must be "service_account".'],
    ['plain-http token_uri', { token_uri: 'http://oauth2.googleapis.com/token' }, 'The service-account key\'s "token_uri" must be an https URL.'],
  ])('refuses %s', (_name, over, message) => {
    const sa = serviceAccount(over);
    const json = JSON.stringify(sa);
    expect(problems(googleInput(json), String(sa.private_key ?? 'never-present'))).toEqual([message]);
  });

  it('refuses a private_key that is not RSA, garbage PEM, literal \\n and a non-object', () => {
    const ec = pkcs8('ec');
    expect(problems(googleInput(JSON.stringify(serviceAccount({}, ec))), ec)).toEqual([
      'The service account\'s "private_key" is not an RSA key; Google service-account keys are RSA.',
    ]);
    const garbage = '-----BEGIN PRIVATE KEY-----\nTm90IGEga2V5IGF0IGFsbCwganVzdCB0ZXh0IHRoYXQgbG9va3MgbGlrZSBiYXNlNjQ=\n-----END PRIVATE KEY-----\n';
    expect(problems(googleInput(JSON.stringify(serviceAccount({}, garbage))), garbage)).toEqual([
      'The service account\'s "private_key" does not parse as a private key: the file is damaged or incomplete.',
    ]);
    const escaped = pkcs8('rsa').replace(/\n/g, '\\n').replace(/-----[A-Z ]+-----/g, '');
    expect(problems(googleInput(JSON.stringify(serviceAccount({}, escaped))), escaped)[0]).toMatch(/literal "\\n" sequences/);
    expect(problems(googleInput('[1,2]'))).toEqual(['The service-account key must be a JSON object as downloaded from Google Cloud.']);
    expect(problems(googleInput('   '))).toEqual(['Paste the service-account JSON key file, or pick it.']);
  });

  it.each(['', 'refunddesk', 'com.1example.app', 'com..example', 'com.example-app.x', 'com.example.'])(
    'refuses package name %j',
    (pkg) => {
      const p = problems(googleInput(undefined, pkg));
      expect(p).toHaveLength(1);
      expect(p[0]).toMatch(/^Package name/);
    },
  );

  it('reports every problem at once', () => {
    const json = JSON.stringify(serviceAccount({ type: 'x', client_email: undefined, private_key: undefined }));
    expect(problems(googleInput(json, 'bad'))).toHaveLength(4);
  });
});

describe('Apple In-App Purchase key', () => {
  it('accepts an EC P-256 PKCS#8 key and normalises the fields', () => {
    const input = appleInput({ appAppleId: ' 987654321 ', issuerId: '57246542-96FE-1A63-E053-0824D011072A', environment: 'production' });
    const v = assertValidCredential(input);
    expect(v).toMatchObject({
      kind: 'in_app_purchase_key',
      mode: 'production',
      credential: { appAppleId: 987654321, issuerId: '57246542-96fe-1a63-e053-0824d011072a', keyId: '2X9R4HXF34' },
    });
  });

  it('refuses a P-384 key, naming the curve', () => {
    const key = pkcs8('ec', 'P-384');
    expect(problems(appleInput({ privateKey: key }), key)).toEqual([
      "The .p8 key is on curve secp384r1; Apple's In-App Purchase key is on P-256.",
    ]);
  });

  it('refuses an RSA and an Ed25519 key', () => {
    const rsa = pkcs8('rsa');
    expect(problems(appleInput({ privateKey: rsa }), rsa)).toEqual([
      "The .p8 key is an RSA key; Apple's In-App Purchase key is an EC P-256 key.",
    ]);
    const ed = pkcs8('ed25519');
    expect(problems(appleInput({ privateKey: ed }), ed)[0]).toMatch(/is an ED25519 key/);
  });

  it.each([
    ['garbage PEM', '-----BEGIN PRIVATE KEY-----\nAAAAgarbagegarbagegarbage\n-----END PRIVATE KEY-----', /does not parse as a private key/],
    ['no PEM at all', 'MIGTAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBHkwdwIBAQQg', /is not a PEM key: it must start with -----BEGIN PRIVATE KEY-----/],
    ['a cut-off file', '-----BEGIN PRIVATE KEY-----\nMIGTAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBHkwdwIBAQQg', /incomplete: the -----END/],
    ['an empty field', '  ', /The \.p8 key is empty/],
  ])('refuses %s', (_name, pem, message) => {
    const p = problems(appleInput({ privateKey: pem }), pem.replace(/-----[A-Z ]+-----/g, '').trim());
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(message);
  });

  it('names the wrong PEM kinds', () => {
    const ec = pkcs8('ec');
    const body = ec.split('\n').slice(1, -2).join('\n');
    const as = (label: string) => `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
    expect(problems(appleInput({ privateKey: as('EC PRIVATE KEY') }), body)[0]).toMatch(/older SEC1 format \(BEGIN EC PRIVATE KEY\)/);
    expect(problems(appleInput({ privateKey: as('PUBLIC KEY') }), body)[0]).toMatch(/is a public key, not a private key/);
    expect(problems(appleInput({ privateKey: as('ENCRYPTED PRIVATE KEY') }), body)[0]).toMatch(/password-protected/);
    expect(problems(appleInput({ privateKey: ec + ec }), body)[0]).toMatch(/holds 2 PEM blocks/);
  });

  it.each([
    ['keyId', { keyId: '2x9r4hxf34' }, /^Key ID must be the 10 characters/],
    ['keyId', { keyId: '2X9R4HXF3' }, /^Key ID/],
    ['issuerId', { issuerId: 'not-a-uuid' }, /^Issuer ID must be the UUID/],
    ['bundleId', { bundleId: 'com.example app' }, /^Bundle ID may contain only letters/],
    ['bundleId', { bundleId: '' }, /^Bundle ID is empty/],
    ['appAppleId', { appAppleId: 0 }, /^App Apple ID must be a positive whole number/],
    ['appAppleId', { appAppleId: -5 }, /^App Apple ID/],
    ['appAppleId', { appAppleId: 1.5 }, /^App Apple ID/],
    ['appAppleId', { appAppleId: '12a' }, /^App Apple ID/],
    ['environment', { environment: 'staging' as 'sandbox' }, /^Environment must be production or sandbox/],
  ])('refuses a bad %s', (_field, over, message) => {
    const input = appleInput(over as never);
    const p = problems(input, input.privateKey.split('\n')[1]!);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(message);
  });
});

describe('Amazon shared secret', () => {
  it('accepts a shared secret with either environment', () => {
    expect(assertValidCredential({ ...amazonInput(), environment: 'sandbox' })).toMatchObject({ kind: 'shared_secret', mode: 'sandbox' });
  });

  it.each([
    ['', /^Paste the shared secret/],
    ['abc', /too short/],
    ['x'.repeat(600), /longer than 512/],
    ['2:abcdefgh ijklmnop', /space or line break/],
    ['2:abcdefgh\u00e9ijklmnop', /not printable ASCII/],
    ['2:abcdefgh\u0007ijklmnop', /not printable ASCII/],
  ])('refuses %#', (secret, message) => {
    const p = problems(amazonInput(secret), secret.length >= 8 ? secret : 'never-present');
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(message);
  });
});

describe('assertValidCredential', () => {
  it('throws invalid_input with every problem and no secret', () => {
    const key = stripeKey('pk_test_');
    let err: unknown;
    try {
      assertValidCredential(stripeInput(key));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DeskError);
    expect(err).toMatchObject({ code: 'invalid_input', message: 'This is a publishable key; paste the secret or restricted key.' });
  });

  it('IPC schema refuses wrong shapes without echoing values', () => {
    const r = credentialInputSchema.safeParse({ store: 'stripe', secretKey: 'sk_test_SECRETSECRET', extra: 1 });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).not.toContain('SECRETSECRET');
    expect(credentialInputSchema.safeParse({ store: 'paypal', secretKey: 'x' }).success).toBe(false);
    expect(credentialInputSchema.safeParse(appleInput({ appAppleId: '123' })).success).toBe(true);
  });
});

describe('a credential declared in a store profile (credentialFields)', () => {
  const profiles = STORE_PROFILES as Record<string, StoreProfile>;
  const store = 'declared_probe' as Store;
  const declared = (fields: Record<string, string>) => ({ store, fields }) as CredentialInput;
  it('asks for every field but the optional ones, and names a missing one without its value', () => {
    profiles[store] = {
      ...STORE_PROFILES.stripe,
      store,
      credentialFields: [
        { name: 'apiKey', label: 'API key', secret: true, maxLength: 50 },
        { name: 'region', label: 'Region', secret: false, maxLength: 10, optional: true },
      ],
    };
    try {
      expect(validateCredential(declared({ apiKey: 'k_123', region: '' }))).toMatchObject({ ok: true, value: { credential: { fields: { apiKey: 'k_123', region: '' } } } });
      expect(problems(declared({ apiKey: ' ', region: 'eu' }))).toEqual(['API key is missing.']);
    } finally {
      delete profiles[store];
    }
  });
});
