// What the agent confirmed about the payment, as the cache knows it, for the store to
// check before sending (DESIGN §5.8): amount, currency, dispute state, and the store's
// customer when exactly one is mapped to the purchase's customer.
import type { Db } from '../db/connection';
import { stmt } from '../db/statements';
import type { StoreRefundRequest } from '../stores/adapter';
import type { PurchaseFacts } from './facts';

function stripeCustomerOf(db: Db, customerId: number): string | null {
  const rows = stmt(db, "SELECT value FROM customer_ids WHERE customer_id = ? AND kind = 'stripe_customer'").all(customerId) as { value: string }[];
  return rows.length === 1 ? rows[0]!.value : null;
}

export function expectedAtStore(db: Db, facts: PurchaseFacts, paymentRef: string): StoreRefundRequest['expected'] {
  const paid = facts.payments.find((p) => p.ref === paymentRef);
  if (!paid) return undefined;
  return {
    amountMinor: paid.amountMinor,
    currency: paid.currency,
    disputeOpen: paid.disputeOpen,
    storeCustomer: facts.store === 'stripe' ? stripeCustomerOf(db, facts.customerId) : null,
  };
}
