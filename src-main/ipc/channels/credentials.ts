// Store credentials: set, replace, test, remove, and what the keychain can do.
// Only text crosses IPC: the renderer reads a picked Google JSON or Apple .p8 file
// itself and sends its contents. No response or event ever carries a secret or any
// part of one, except Stripe's own key prefix and last 4 characters (keyHint).
// The schemas check shape and size only; src-main/secrets/validate.ts checks content
// with messages that say what is wrong.
import { z } from 'zod';
import { channel, event } from '../define';
import { ENVIRONMENTS, STORES, type Store } from '../vocabulary';

export const CREDENTIAL_KINDS = [
  'secret_key', // Stripe sk_…
  'restricted_key', // Stripe rk_…
  'service_account', // Google
  'in_app_purchase_key', // Apple .p8
  'shared_secret', // Amazon RVS
  'declared', // a store whose profile declares its credential fields
] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

export type CredentialMode = 'live' | 'test' | 'production' | 'sandbox';

export interface CredentialStatusDto {
  store: Store;
  configured: boolean;
  kind: CredentialKind | null;
  mode: CredentialMode | null;
  /** Stripe only: the key's prefix and last 4 characters, e.g. "sk_test_…4242". Null for every other store. */
  keyHint: string | null;
  lastTestedAt: number | null;
  lastTestOk: boolean | null;
  /** What the credential may do, in words, from the last test. */
  can: string[];
  /** What it lacks, in words, from the last test. */
  missing: string[];
  /** The store's words from the last test. */
  message: string | null;
}

export interface CredentialsDto {
  stores: CredentialStatusDto[];
}

export interface ConnectionReportDto {
  store: Store;
  ok: boolean;
  mode: CredentialMode | null;
  can: string[];
  missing: string[];
  message: string;
  testedAt: number;
}

export interface KeychainDto {
  ok: boolean;
  /** Why the keychain cannot be used, in plain words; null when it works. */
  reason: string | null;
  checkedAt: number;
}

// Generous upper bounds: they only stop absurd payloads; validate.ts judges content.
const text = (max: number) => z.string().max(max);
const environment = z.enum(ENVIRONMENTS);

const bespoke = z.discriminatedUnion('store', [
  z.strictObject({ store: z.literal('stripe'), secretKey: text(512) }),
  z.strictObject({ store: z.literal('google'), serviceAccountJson: text(32_768), packageName: text(300) }),
  z.strictObject({
    store: z.literal('apple'),
    privateKey: text(8192),
    keyId: text(64),
    issuerId: text(64),
    bundleId: text(300),
    // A form field may send the number or its text; validate.ts decides.
    appAppleId: z.union([z.number(), text(32)]),
    environment,
  }),
  z.strictObject({ store: z.literal('amazon'), sharedSecret: text(2048), environment }),
]);
type BespokeStore = z.output<typeof bespoke>['store'];
const BESPOKE: readonly string[] = bespoke.options.map((o) => o.shape.store.value);
/** A store whose profile declares its credential (credentialFields); validate.ts judges the fields. */
const declared = z.strictObject({
  store: z.custom<Exclude<Store, BespokeStore>>((s) => typeof s === 'string' && (STORES as readonly string[]).includes(s) && !BESPOKE.includes(s), 'Unknown store.'),
  fields: z.record(text(64), text(8192)),
});
export const credentialInputSchema = z.union([bespoke, declared]);
export type CredentialInput = z.output<typeof credentialInputSchema>;
/** A bespoke store's input shape; any other store's: its declared fields. */
export type CredentialInputOf<S extends Store> = S extends BespokeStore ? Extract<z.output<typeof bespoke>, { store: S }> : { store: S; fields: Record<string, string> };

const storeOnly = z.strictObject({ store: z.enum(STORES) });

export const credentialsChannels = {
  'credentials:status': channel<CredentialsDto>()(z.strictObject({})),
  /** Sets or replaces the store's credential; the old one is gone once this succeeds. */
  'credentials:set': channel<CredentialStatusDto>()(credentialInputSchema),
  'credentials:test': channel<ConnectionReportDto>()(storeOnly),
  'credentials:remove': channel<CredentialStatusDto>()(storeOnly),
  /** The keychain probe; `recheck` runs it again (after the user unlocked the keychain). */
  'credentials:keychain': channel<KeychainDto>()(z.strictObject({ recheck: z.boolean().optional() })),
};

export const credentialsEvents = {
  onCredentialsChanged: event<CredentialsDto>(),
};
