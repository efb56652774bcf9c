// The four kinds of store credential. These values live only in main, in the OS
// keychain (SecretStore); they never cross IPC, and never reach SQLite, logs or exports.
import type { Environment } from '../ipc/vocabulary';

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

export type Credential = StripeCredential | GoogleCredential | AppleCredential | AmazonCredential;
export type CredentialOf<S extends Credential['store']> = Extract<Credential, { store: S }>;
