// How each store is shown: its short name, its badge colour (light and dark theme, each
// at least 4.5:1 on the panel, WCAG AA), the words for its ID kinds and the IDs a customer
// header shows first. Part of STORE_PROFILES (the `display` field), so a new store's
// profile entry brings its words with it and the renderer needs no edit. The full name
// and the credential fields are the profile's own (`name`, `credentialFields`). Pure data.

export interface StoreDisplay {
  /** "Google": on badges. */
  short: string;
  colour: { light: string; dark: string };
  /** ID kind (as stored in customer_ids) → the words an agent knows it by. */
  idWords: Readonly<Record<string, string>>;
  /** The kinds a customer header shows first. */
  primaryIds: readonly string[];
}

/** The first four stores' display entries; a new store writes its own inline in its profile. */
export const STORE_DISPLAY = {
  apple: {
    short: 'Apple',
    colour: { light: '#5f5f68', dark: '#b4b4be' },
    idWords: {
      apple_app_account_token: 'Apple account token',
      apple_original_transaction_id: 'Apple original transaction',
      apple_transaction_id: 'Apple transaction',
      apple_order_id: 'Apple order ID',
    },
    primaryIds: ['apple_original_transaction_id'],
  },
  google: {
    short: 'Google',
    colour: { light: '#137333', dark: '#5cc97b' },
    idWords: { google_external_account_id: 'Google account ID', google_order_id: 'Google order', google_purchase_token: 'Google purchase token' },
    primaryIds: ['google_order_id', 'google_purchase_token'],
  },
  stripe: {
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
  },
  amazon: {
    short: 'Amazon',
    colour: { light: '#975200', dark: '#f0a443' },
    idWords: { amazon_user_id: 'Amazon user', amazon_receipt_id: 'Amazon receipt' },
    primaryIds: ['amazon_user_id'],
  },
} satisfies Record<string, StoreDisplay>;
