// The kinds of store credential. These values live only in main, in the OS keychain
// (SecretStore); they never cross IPC, and never reach SQLite, logs or exports. The four
// first stores have bespoke shapes; any other store declares its fields in its profile
// (StoreProfile.credentialFields) and gets a DeclaredCredential.
import type { Environment, Store } from '../ipc/vocabulary';

export interface StripeCredential {
  store: 'stripe';
  /** sk_live_…, sk_test_…, rk_live_… or rk_test_… */
  secretKey: string;
}

export interface GoogleCredential {
  store: 'google';
  /** The service-account JSON as the agent pasted it. */
  serviceAccountJson: string;
  packageName: string;
}

export interface AppleCredential {
  store: 'apple';
  /** The In-App Purchase key (.p8, PEM, EC P-256). */
  privateKey: string;
  keyId: string;
  issuerId: string;
  bundleId: string;
  appAppleId: number;
  environment: Environment;
}

export interface AmazonCredential {
  store: 'amazon';
  sharedSecret: string;
  environment: Environment;
}

/** The stores with a credential shape of their own, above. */
export type BespokeStore = 'stripe' | 'google' | 'apple' | 'amazon';
/** Every other store: its credential is what its profile's credentialFields declare. */
export type DeclaredStore = Exclude<Store, BespokeStore>;

export interface DeclaredCredential {
  store: DeclaredStore;
  /** Field name → value, as the profile's credentialFields name them. */
  fields: Readonly<Record<string, string>>;
}

type BespokeCredential = StripeCredential | GoogleCredential | AppleCredential | AmazonCredential;
export type Credential = BespokeCredential | DeclaredCredential;
export type CredentialOf<S extends Store> = S extends BespokeStore ? Extract<BespokeCredential, { store: S }> : DeclaredCredential & { store: S };
