// Identifier kinds as agents call them, with the store they belong to.
import type { IdKind, Store } from '../../../../src-main/ipc/contract';

export const ID_LABEL: Record<IdKind | 'display_name' | 'order_id', string> = {
  app_user_id: 'App user ID',
  email: 'Email',
  apple_app_account_token: 'Apple account token',
  apple_original_transaction_id: 'Apple original transaction',
  apple_transaction_id: 'Apple transaction',
  apple_order_id: 'Apple order ID',
  google_external_account_id: 'Google account ID',
  google_order_id: 'Google order',
  google_purchase_token: 'Google purchase token',
  stripe_customer: 'Stripe customer',
  stripe_payment_intent: 'Stripe payment',
  stripe_charge: 'Stripe charge',
  stripe_subscription: 'Stripe subscription',
  stripe_invoice: 'Stripe invoice',
  amazon_user_id: 'Amazon user',
  amazon_receipt_id: 'Amazon receipt',
  display_name: 'Name',
  order_id: 'Order',
};

export const idLabel = (kind: string) => ID_LABEL[kind as IdKind] ?? kind.replace(/_/g, ' ');

export function storeOfKind(kind: string): Store | null {
  const prefix = kind.split('_')[0];
  return prefix === 'apple' || prefix === 'google' || prefix === 'stripe' || prefix === 'amazon' ? prefix : null;
}

/** The IDs a header shows first, one or two per store; the rest sit behind "more". */
export const PRIMARY_KINDS: readonly string[] = [
  'apple_original_transaction_id',
  'google_order_id',
  'google_purchase_token',
  'stripe_customer',
  'amazon_user_id',
];
