// The money and the customer an audit entry is about, as data for the audit table: the
// amount from the entry's own detail or from its refund intent (a failure or an "unknown"
// entry names only the intent), the customer from the intent's purchase or from the
// payment the target names. The renderer formats both; nothing here is display text
// beyond the customer's own label.
import type { Db } from '../db/connection';
import { stmt } from '../db/statements';
import type { AuditEntryDto } from '../ipc/channels/audit';
import { STORES, type Store } from '../ipc/vocabulary';

type Facts = Pick<AuditEntryDto, 'amountMinor' | 'currency' | 'customer'>;
export interface EntryFacts {
  of(r: { target: string | null; detail: string | null }): Facts;
}

interface CustomerRow {
  id: number;
  display_name: string | null;
  email: string | null;
  app_user_id: string | null;
  merged_into: number | null;
}

const CUSTOMER = 'SELECT id, display_name, email, app_user_id, merged_into FROM customers WHERE id = ?';
const INTENT = 'SELECT amount_minor, currency, purchase_id FROM refund_intents WHERE id = ?';
const PURCHASE_CUSTOMER = 'SELECT customer_id FROM purchases WHERE id = ?';
// A target names a payment (Google order, Stripe payment intent or charge) or, for a
// refusal before any payment was chosen, the purchase's own store key.
const TARGET_CUSTOMER = `SELECT customer_id FROM payments WHERE store = @store AND payment_key = @ref
  UNION ALL SELECT p.customer_id FROM refund_intents i JOIN purchases p ON p.id = i.purchase_id WHERE i.store = @store AND i.payment_ref = @ref
  UNION ALL SELECT customer_id FROM purchases WHERE store = @store AND store_key = @ref
  LIMIT 1`;

function parse(json: string | null): Record<string, unknown> {
  if (!json) return {};
  try {
    const d: unknown = JSON.parse(json);
    return d && typeof d === 'object' ? (d as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const isStore = (s: string): s is Store => (STORES as readonly string[]).includes(s);

/** One resolver per listing: a page names the same few payments and customers many times. */
export function entryFacts(db: Db): EntryFacts {
  const customers = new Map<number, AuditEntryDto['customer']>();
  const targets = new Map<string, number | null>();

  function customer(id: number | null | undefined): AuditEntryDto['customer'] {
    if (id == null) return null;
    if (!customers.has(id)) {
      let c = stmt(db, CUSTOMER).get(id) as CustomerRow | undefined;
      // A merged customer is read through the one it was merged into (one hop: merges do not chain).
      if (c?.merged_into != null) c = (stmt(db, CUSTOMER).get(c.merged_into) as CustomerRow | undefined) ?? c;
      customers.set(id, c ? { id: c.id, label: c.display_name ?? c.email ?? c.app_user_id ?? `Customer ${c.id}` } : null);
    }
    return customers.get(id) ?? null;
  }

  function targetCustomer(target: string | null): number | null {
    const m = /^([a-z]+):(.+)$/.exec(target ?? '');
    if (!m || !isStore(m[1]!)) return null;
    if (!targets.has(target!)) {
      const row = stmt(db, TARGET_CUSTOMER).get({ store: m[1], ref: m[2] }) as { customer_id: number } | undefined;
      targets.set(target!, row?.customer_id ?? null);
    }
    return targets.get(target!) ?? null;
  }

  return {
    of(r) {
      const d = parse(r.detail);
      const intent = typeof d['intentId'] === 'string'
        ? (stmt(db, INTENT).get(d['intentId']) as { amount_minor: number; currency: string; purchase_id: number | null } | undefined)
        : undefined;
      const amountMinor = typeof d['amountMinor'] === 'number' ? d['amountMinor'] : (intent?.amount_minor ?? null);
      const currency = typeof d['currency'] === 'string' ? d['currency'] : (intent?.currency ?? null);
      const purchaseCustomer = intent?.purchase_id != null
        ? ((stmt(db, PURCHASE_CUSTOMER).get(intent.purchase_id) as { customer_id: number } | undefined)?.customer_id ?? null)
        : null;
      return {
        amountMinor: amountMinor != null && currency ? amountMinor : null,
        currency: amountMinor != null && currency ? currency : null,
        customer: customer(purchaseCustomer ?? targetCustomer(r.target)),
      };
    },
  };
}
