// Checks each kind of credential before it is stored. A wrong one gets messages that say
// exactly what is wrong; no message ever quotes the secret or any part of it.
import { z } from 'zod';
import type { CredentialInput, CredentialInputOf, CredentialKind, CredentialMode } from '../ipc/channels/credentials';
import { DeskError } from '../ipc/define';
import { STORE_PROFILES } from '../domain/profiles';
import { STORE_NAMES, type Store } from '../ipc/vocabulary';
import type { Credential, DeclaredStore } from './credentials';
import { parsePkcs8Pem } from './pem';

export interface ValidCredential {
  credential: Credential;
  kind: CredentialKind;
  mode: CredentialMode | null;
}

export type Validation = { ok: true; value: ValidCredential } | { ok: false; problems: string[] };

const environment = z.enum(['production', 'sandbox'], { error: 'Environment must be production or sandbox.' });

/** Parses `value` with `schema`; on failure adds the schema's own (non-echoing) messages to `problems`. */
function field<T>(schema: z.ZodType<T>, value: unknown, problems: string[]): T | undefined {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  for (const issue of r.error.issues) problems.push(issue.message);
  return undefined;
}

// --- Stripe -------------------------------------------------------------------------
// Stripe's secret keys are sk_live_/sk_test_, restricted keys rk_live_/rk_test_, then
// letters and digits only (https://docs.stripe.com/keys). Stripe publishes no length, so
// any non-empty suffix is accepted: a short test key is real (issue 14); only the
// 255-character ceiling of any header value we send is checked.
const STRIPE_KEY = /^(sk|rk)_(live|test)_([A-Za-z0-9]+)$/;

function validateStripe(input: { secretKey: string }): Validation {
  const key = input.secretKey.trim();
  const fail = (problem: string): Validation => ({ ok: false, problems: [problem] });
  if (!key) return fail('Paste the Stripe secret key (sk_live_… / sk_test_…) or a restricted key (rk_live_… / rk_test_…).');
  if (/^pk_(live|test)_/.test(key)) return fail('This is a publishable key; paste the secret or restricted key.');
  if (key.startsWith('whsec_')) return fail('This is a webhook signing secret; paste the secret or restricted key.');
  if (/\s/.test(key)) return fail('The Stripe key contains a space or line break; copy it again from the Stripe Dashboard.');
  const m = STRIPE_KEY.exec(key);
  if (!m) {
    if (/^(sk|rk)_(live|test)_$/.test(key)) return fail('The Stripe key ends after its prefix; it looks cut off. Copy the whole key.');
    if (/^(sk|rk)_(live|test)_/.test(key)) return fail('The Stripe key contains characters a Stripe key never has (only letters and digits follow the prefix).');
    return fail('A Stripe key starts with sk_live_, sk_test_, rk_live_ or rk_test_.');
  }
  if (key.length > 255) return fail('The Stripe key is longer than any Stripe key (255 characters).');
  return {
    ok: true,
    value: {
      credential: { store: 'stripe', secretKey: key },
      kind: m[1] === 'sk' ? 'secret_key' : 'restricted_key',
      mode: m[2] === 'live' ? 'live' : 'test',
    },
  };
}

/** "sk_test_…4242": Stripe's own prefix plus the last 4 characters, the only part of any secret shown. */
export function stripeKeyHint(secretKey: string): string | null {
  const m = STRIPE_KEY.exec(secretKey);
  return m ? `${m[1]}_${m[2]}_…${secretKey.slice(-4)}` : null;
}

// --- Google Play ----------------------------------------------------------------------
// Android application IDs: at least two dot-separated segments, each starting with a
// letter, then letters, digits or underscores.
const packageName = z
  .string()
  .trim()
  .min(1, { error: 'Package name is empty; enter the app ID from the Play Console, e.g. com.example.app.', abort: true })
  .max(255, 'Package name is longer than Android allows.')
  .regex(
    /^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$/,
    'Package name must look like com.example.app: two or more parts separated by dots, each starting with a letter, then letters, digits or _.',
  );

const KNOWN_OTHER_TYPES = new Set(['authorized_user', 'external_account', 'impersonated_service_account']);

function validateGoogle(input: { serviceAccountJson: string; packageName: string }): Validation {
  const problems: string[] = [];
  const pkg = field(packageName, input.packageName, problems);
  const json = input.serviceAccountJson.trim();
  let doc: unknown;
  if (!json) {
    problems.push('Paste the service-account JSON key file, or pick it.');
  } else {
    try {
      doc = JSON.parse(json);
    } catch (e) {
      // JSON.parse's own message quotes the input; only the position is kept.
      const at = /position (\d+)/.exec(e instanceof Error ? e.message : '');
      problems.push(`The service-account key is not valid JSON${at ? ` (error at character ${at[1]})` : ''}; paste the whole file as downloaded.`);
    }
  }
  if (doc !== undefined) checkServiceAccount(doc, problems);
  if (problems.length || pkg === undefined) return { ok: false, problems };
  return {
    ok: true,
    value: { credential: { store: 'google', serviceAccountJson: json, packageName: pkg }, kind: 'service_account', mode: null },
  };
}

function checkServiceAccount(doc: unknown, problems: string[]): void {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    problems.push('The service-account key must be a JSON object as downloaded from Google Cloud.');
    return;
  }
  const o = doc as Record<string, unknown>;
  if (o.type !== 'service_account') {
    const t = typeof o.type === 'string' && KNOWN_OTHER_TYPES.has(o.type) ? ` (this one is "${o.type}")` : '';
    problems.push(`The JSON is not a service-account key: "type" must be "service_account"${t}.`);
  }
  if (typeof o.client_email !== 'string' || !o.client_email) {
    problems.push('The service-account key has no "client_email".');
  } else if (!z.email().safeParse(o.client_email).success) {
    problems.push('The service-account key\'s "client_email" is not an email address.');
  }
  if (typeof o.private_key !== 'string' || !o.private_key) {
    problems.push('The service-account key has no "private_key".');
  } else {
    const pem = parsePkcs8Pem(o.private_key, 'The service account\'s "private_key"');
    if (!pem.ok) problems.push(pem.problem);
    else if (pem.key.asymmetricKeyType !== 'rsa') {
      problems.push('The service account\'s "private_key" is not an RSA key; Google service-account keys are RSA.');
    }
  }
  if (o.token_uri !== undefined && !isTokenUri(o.token_uri)) {
    problems.push('The service-account key\'s "token_uri" must be an https URL.');
  }
}

// https, or http on loopback only (local test servers stand in for oauth2.googleapis.com).
function isTokenUri(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  try {
    const u = new URL(v);
    return u.protocol === 'https:' || (u.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname));
  } catch {
    return false;
  }
}

// --- Apple ----------------------------------------------------------------------------
const apple = {
  keyId: z.string().trim().regex(/^[A-Z0-9]{10}$/, 'Key ID must be the 10 characters (A–Z, 0–9) shown next to the key in App Store Connect.'),
  issuerId: z
    .string()
    .trim()
    .regex(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
      'Issuer ID must be the UUID shown above the keys in App Store Connect (8-4-4-4-12 hexadecimal digits).',
    ),
  // Apple: "alphanumeric characters (A–Z, a–z, 0–9), hyphens (-), and periods (.)".
  bundleId: z
    .string()
    .trim()
    .min(1, { error: 'Bundle ID is empty; enter the app\'s bundle ID, e.g. com.example.app.', abort: true })
    .max(155, 'Bundle ID is longer than Apple allows (155 characters).')
    .regex(/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/, 'Bundle ID may contain only letters, digits, hyphens and periods, e.g. com.example.app.'),
  appAppleId: z.union([z.number(), z.string().trim().regex(/^\d+$/).transform(Number)]).pipe(
    z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  ),
};

function validateApple(input: CredentialInputOf<'apple'>): Validation {
  const problems: string[] = [];
  const pem = parsePkcs8Pem(input.privateKey, 'The .p8 key');
  if (!pem.ok) problems.push(pem.problem);
  else if (pem.key.asymmetricKeyType !== 'ec') {
    problems.push(`The .p8 key is an ${pem.key.asymmetricKeyType?.toUpperCase() ?? 'unknown'} key; Apple's In-App Purchase key is an EC P-256 key.`);
  } else if (pem.key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    problems.push(`The .p8 key is on curve ${pem.key.asymmetricKeyDetails?.namedCurve ?? 'unknown'}; Apple's In-App Purchase key is on P-256.`);
  }
  const keyId = field(apple.keyId, input.keyId, problems);
  const issuerId = field(apple.issuerId, input.issuerId, problems);
  const bundleId = field(apple.bundleId, input.bundleId, problems);
  const appAppleIdR = apple.appAppleId.safeParse(input.appAppleId);
  if (!appAppleIdR.success) problems.push('App Apple ID must be a positive whole number (App Store Connect → App Information → Apple ID).');
  const env = field(environment, input.environment, problems);
  if (problems.length || !keyId || !issuerId || !bundleId || !appAppleIdR.success || !env) return { ok: false, problems };
  return {
    ok: true,
    value: {
      credential: {
        store: 'apple',
        privateKey: input.privateKey.replace(/\r\n?/g, '\n').trim() + '\n',
        keyId,
        issuerId: issuerId.toLowerCase(),
        bundleId,
        appAppleId: appAppleIdR.data,
        environment: env,
      },
      kind: 'in_app_purchase_key',
      mode: env,
    },
  };
}

// --- Amazon ---------------------------------------------------------------------------
// The RVS shared secret is one line of printable ASCII (letters, digits, ':', '=', '-', …)
// from the Amazon Developer Console; anything else was mis-copied.
const sharedSecret = z
  .string()
  .trim()
  .min(1, { error: 'Paste the shared secret from the Amazon Developer Console.', abort: true })
  .min(8, 'The shared secret is too short; it looks cut off.')
  .max(512, 'The shared secret is longer than 512 characters; it does not look like an Amazon shared secret.')
  .refine((s) => !/\s/.test(s), 'The shared secret contains a space or line break; copy it again.')
  .refine((s) => /^[\x20-\x7e]*$/.test(s), 'The shared secret contains characters that are not printable ASCII; copy it again.');

function validateAmazon(input: { sharedSecret: string; environment: unknown }): Validation {
  const problems: string[] = [];
  const secret = field(sharedSecret, input.sharedSecret, problems);
  const env = field(environment, input.environment, problems);
  if (problems.length || secret === undefined || !env) return { ok: false, problems };
  return {
    ok: true,
    value: { credential: { store: 'amazon', sharedSecret: secret, environment: env }, kind: 'shared_secret', mode: env },
  };
}

// --- A store whose profile declares its credential (StoreProfile.credentialFields) ---------
function validateDeclared(input: { store: Store; fields: Record<string, string> }): Validation {
  const declared = STORE_PROFILES[input.store].credentialFields;
  if (!declared) return { ok: false, problems: [`${STORE_NAMES[input.store]} takes its own credential form.`] };
  const problems: string[] = [];
  const fields: Record<string, string> = {};
  for (const name of Object.keys(input.fields)) if (!declared.some((f) => f.name === name)) problems.push(`${STORE_NAMES[input.store]} has no field "${name.slice(0, 64)}".`);
  for (const f of declared) {
    const value = (input.fields[f.name] ?? '').trim();
    // the messages name the field, never its value
    if (!value) {
      if (!f.optional) problems.push(`${f.label} is missing.`);
    } else if (value.length > f.maxLength) problems.push(`${f.label} is longer than ${f.maxLength} characters.`);
    else if (f.pattern && !f.pattern.test(value)) problems.push(`${f.label} does not look like a ${STORE_NAMES[input.store]} ${f.label.toLowerCase()}.`);
    fields[f.name] = value;
  }
  if (problems.length) return { ok: false, problems };
  // a store with declared fields is never one of the bespoke four (they declare none)
  return { ok: true, value: { credential: { store: input.store as DeclaredStore, fields }, kind: 'declared', mode: null } };
}

export function validateCredential(input: CredentialInput): Validation {
  if ('fields' in input) return validateDeclared(input);
  switch (input.store) {
    case 'stripe':
      return validateStripe(input);
    case 'google':
      return validateGoogle(input);
    case 'apple':
      return validateApple(input);
    case 'amazon':
      return validateAmazon(input);
  }
}

/** The valid credential, or DeskError('invalid_input') listing every problem found. */
export function assertValidCredential(input: CredentialInput): ValidCredential {
  const r = validateCredential(input);
  if (!r.ok) throw new DeskError('invalid_input', r.problems.join(' '));
  return r.value;
}
