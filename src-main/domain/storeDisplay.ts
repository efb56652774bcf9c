// How each store is shown: its names, its badge colour (light and dark theme, each at
// least 4.5:1 on the panel, WCAG AA), the words for its ID kinds, the IDs a customer
// header shows first, and the fields of its credential. Part of STORE_PROFILES (the
// `display` field), so a new store's profile entry brings its words with it and the
// renderer needs no edit. Pure data.

/** One field of a store's credential form, for stores without a form of their own. */
export interface CredentialFormField {
  /** The credential input's property name (e.g. "apiKey"). */
  key: string;
  label: string;
  /** secret: typed, never shown back; text: an identifier; file: pasted or picked (a key file). */
  kind: 'secret' | 'text' | 'file';
  placeholder?: string;
  hint?: string;
  optional?: boolean;
}

export interface StoreDisplay {
  /** "Google Play": in sentences. */
  name: string;
  /** "Google": on badges. */
  short: string;
  colour: { light: string; dark: string };
  /** ID kind (as stored in customer_ids) → the words an agent knows it by. */
  idWords: Readonly<Record<string, string>>;
  /** The kinds a customer header shows first. */
  primaryIds: readonly string[];
  credentialFields: readonly CredentialFormField[];
}

/** The first four stores' display entries; a new store writes its own inline in its profile. */
export const STORE_DISPLAY = {
  apple: {
    name: 'Apple App Store',
    short: 'Apple',
    colour: { light: '#5f5f68', dark: '#b4b4be' },
    idWords: {
      apple_app_account_token: 'Apple account token',
      apple_original_transaction_id: 'Apple original transaction',
      apple_transaction_id: 'Apple transaction',
      apple_order_id: 'Apple order ID',
    },
    primaryIds: ['apple_original_transaction_id'],
    credentialFields: [
      { key: 'privateKey', label: 'In-App Purchase key (.p8)', kind: 'file' },
      { key: 'keyId', label: 'Key ID', kind: 'text' },
      { key: 'issuerId', label: 'Issuer ID', kind: 'text' },
      { key: 'bundleId', label: 'Bundle ID', kind: 'text' },
      { key: 'appAppleId', label: 'App Apple ID', kind: 'text' },
    ],
  },
  google: {
    name: 'Google Play',
    short: 'Google',
    colour: { light: '#137333', dark: '#5cc97b' },
    idWords: { google_external_account_id: 'Google account ID', google_order_id: 'Google order', google_purchase_token: 'Google purchase token' },
    primaryIds: ['google_order_id', 'google_purchase_token'],
    credentialFields: [
      { key: 'serviceAccountJson', label: 'Service-account key (JSON)', kind: 'file' },
      { key: 'packageName', label: 'Package name', kind: 'text', placeholder: 'com.example.app' },
    ],
  },
  stripe: {
    name: 'Stripe',
    short: 'Stripe',
    colour: { light: '#5046e0', dark: '#a9a4ff' },
    idWords: {
      stripe_customer: 'Stripe customer',
      stripe_payment_intent: 'Stripe payment',
      stripe_charge: 'Stripe charge',
      stripe_subscription: 'Stripe subscription',
      stripe_invoice: 'Stripe invoice',
    },
    primaryIds: ['stripe_customer'],
    credentialFields: [{ key: 'secretKey', label: 'Secret or restricted key', kind: 'secret', placeholder: 'sk_live_…, sk_test_… or rk_…' }],
  },
  amazon: {
    name: 'Amazon Appstore',
    short: 'Amazon',
    colour: { light: '#975200', dark: '#f0a443' },
    idWords: { amazon_user_id: 'Amazon user', amazon_receipt_id: 'Amazon receipt' },
    primaryIds: ['amazon_user_id'],
    credentialFields: [{ key: 'sharedSecret', label: 'RVS shared secret', kind: 'secret' }],
  },
} satisfies Record<string, StoreDisplay>;
