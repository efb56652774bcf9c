// The customer page on the heavy customer (issue 20: no synchronous work over 16 ms on the
// main thread), through the same handlers the renderer calls when an agent opens the page
// and then the refund dialog: customers:get, the first timeline page (the renderer's
// TIMELINE_PAGE), and for each purchase refunds:preview (PurchasePanel's check, the
// dialog's load and summary, the oldest payment asked for by its ID) and refunds:list of
// its open refunds. Each call's main-thread CPU time
// (as search_worst_main_thread_ms) and its reply size (JSON length, what crosses IPC).
import type { Db } from '../../src-main/db/connection';
import type { createServices } from '../../src-main/services';

type Services = ReturnType<typeof createServices>;

/** src-renderer/src/stores/customer.ts TIMELINE_PAGE (not imported: it would load Vue and Pinia here). */
const TIMELINE_PAGE = 200;

/** The app user ID heavyCustomerBatches (src-main/demo/large.ts) gives the 100k-event customer. */
const HEAVY_APP_USER = 'user_heavy_100k';

async function measured<T>(call: () => T | Promise<T>): Promise<{ ms: number; bytes: number; value: T }> {
  const cpu = process.threadCpuUsage();
  const value = await call();
  const bytes = JSON.stringify(value).length;
  const used = process.threadCpuUsage(cpu);
  return { ms: (used.user + used.system) / 1000, bytes, value };
}

export async function benchCustomerPage(services: Services, db: Db): Promise<Record<string, number>> {
  const customerId = db.prepare('SELECT id FROM customers WHERE app_user_id = ?').pluck().get(HEAVY_APP_USER) as number | undefined;
  if (customerId == null) return {};
  const h = services.handlers;
  const ctx = services.context;
  const figures: Record<string, { ms: number; bytes: number }> = {};
  const keep = (name: string, m: { ms: number; bytes: number }) => {
    const was = figures[name];
    figures[name] = { ms: Math.max(m.ms, was?.ms ?? 0), bytes: Math.max(m.bytes, was?.bytes ?? 0) };
  };
  const customer = await measured(() => h['customers:get']({ customerId }, ctx));
  keep('customers_get', customer);
  keep('timeline_first_page', await measured(() => h['customers:timeline']({ customerId, order: 'newest', limit: TIMELINE_PAGE }, ctx)));
  for (const p of customer.value.purchases) {
    if (p.store !== 'stripe' && p.store !== 'google') continue;
    // PurchasePanel asks once on mount, the dialog again on open (and once per chosen option).
    const first = await measured(() => h['refunds:preview']({ purchaseId: p.id }, ctx));
    keep('refund_preview', first);
    keep('refund_preview', await measured(() => h['refunds:preview']({ purchaseId: p.id, mode: 'refund', refundKind: 'full' }, ctx)));
    keep('refunds_list', await measured(() => h['refunds:list']({ purchaseId: p.id, statuses: ['pending', 'sent', 'unknown'] }, ctx)));
    // The agent finds the oldest payment by its ID in the dialog (outside the listed newest).
    const oldest = db.prepare("SELECT payment_key FROM payments WHERE purchase_id = ? AND status = 'paid' ORDER BY paid_at LIMIT 1").pluck().get(p.id) as string | undefined;
    if (oldest) keep('refund_preview', await measured(() => h['refunds:preview']({ purchaseId: p.id, paymentRef: oldest }, ctx)));
  }
  const out: Record<string, number> = {};
  for (const [name, f] of Object.entries(figures)) {
    out[`${name}_main_thread_ms`] = Number(f.ms.toFixed(3));
    out[`${name}_bytes`] = f.bytes;
  }
  out.customer_page_worst_main_thread_ms = Number(Math.max(...Object.values(figures).map((f) => f.ms)).toFixed(3));
  return out;
}
