// Apple refund requests (CONSUMPTION_REQUEST): opened from synced events, answered with
// Send Consumption Information v2 within Apple's 12-hour window, and linked to Apple's
// decision (REFUND / REFUND_DECLINED) when sync brings it.
import type { Db } from '../db/connection';
import { insertAudit } from '../db/audit';
import { withFullSync } from '../db/connection';
import { ingestInTransaction } from '../db/ingest';
import { stmt } from '../db/statements';
import { DeskError } from '../ipc/define';
import { StoreError } from '../stores/errors';
import type { AgentIdentity } from '../ipc/context';
import type { ConsumptionAnswer } from '../stores/adapter';
import { APPLE_PRODUCT_TYPES, consumptionAnswerProblems, type AppleProductType, type RefundRequestDto } from '../ipc/channels/requests';

interface RequestRow {
  id: number;
  purchase_id: number | null;
  customer_id: number | null;
  transaction_id: string;
  requested_at: number;
  deadline_at: number;
  status: 'open' | 'answered' | 'expired' | 'resolved';
  answer: string | null;
  answered_at: number | null;
  outcome_event_id: number | null;
  product_id: string | null;
  outcome_type: string | null;
  reason: string | null;
  product_type: string | null;
  kind: string | null;
}

const SELECT = `SELECT r.*, p.product_id, p.kind, o.type AS outcome_type,
    (SELECT json_extract(e.detail, '$.reason') FROM events e WHERE e.purchase_id = r.purchase_id
       AND e.type = 'consumption_request' AND e.order_id = r.transaction_id ORDER BY e.occurred_at DESC LIMIT 1) AS reason,
    (SELECT json_extract(e.detail, '$.productType') FROM events e WHERE e.purchase_id = r.purchase_id
       AND e.type = 'consumption_request' AND e.order_id = r.transaction_id ORDER BY e.occurred_at DESC LIMIT 1) AS product_type
  FROM refund_requests r
  LEFT JOIN purchases p ON p.id = r.purchase_id
  LEFT JOIN events o ON o.id = r.outcome_event_id`;

/**
 * Apple's product type of the requested transaction: the notification's own word, else
 * what the purchase's kind proves (a "subscription" may be auto-renewable or not: unknown).
 */
function productTypeOf(r: RequestRow): AppleProductType | null {
  if (r.product_type && (APPLE_PRODUCT_TYPES as readonly string[]).includes(r.product_type)) return r.product_type as AppleProductType;
  return r.kind === 'consumable' ? 'Consumable' : r.kind === 'one_time' ? 'Non-Consumable' : null;
}

function toDto(r: RequestRow, now: number): RefundRequestDto {
  const expired = r.status === 'expired' || (r.status === 'open' && r.deadline_at <= now);
  return {
    id: r.id,
    customerId: r.customer_id,
    purchaseId: r.purchase_id,
    productId: r.product_id,
    transactionId: r.transaction_id,
    requestedAt: r.requested_at,
    deadlineAt: r.deadline_at,
    status: expired && r.status === 'open' ? 'expired' : r.status,
    reason: r.reason,
    expired,
    refusal: expired && r.status !== 'answered' && r.status !== 'resolved' ? expiredReason(r.deadline_at) : null,
    answer: r.answer ? (JSON.parse(r.answer) as ConsumptionAnswer) : null,
    answeredAt: r.answered_at,
    outcome: r.outcome_type === 'refund' ? 'refunded' : r.outcome_type === 'refund_declined' ? 'declined' : null,
    productType: productTypeOf(r),
  };
}

const expiredReason = (deadline: number): string =>
  `Apple's 12-hour window to answer ended at ${new Date(deadline).toISOString()}. Apple decides without our answer; nothing can be sent now.`;

/**
 * Opens a request for each synced consumption_request event, marks the ones past their
 * deadline expired, and links Apple's decision. Sync calls this after each Apple ingest.
 */
export function syncRefundRequests(db: Db, now = Date.now()): { opened: number; expired: number; linked: number } {
  return db.transaction(() => {
    const opened = stmt(
      db,
      `INSERT OR IGNORE INTO refund_requests (purchase_id, customer_id, transaction_id, requested_at, deadline_at, status)
       SELECT purchase_id, customer_id, json_extract(detail, '$.transactionId'), occurred_at,
              json_extract(detail, '$.deadlineAt'), CASE WHEN json_extract(detail, '$.deadlineAt') <= ? THEN 'expired' ELSE 'open' END
       FROM events WHERE store = 'apple' AND type = 'consumption_request' AND json_extract(detail, '$.transactionId') IS NOT NULL`,
    ).run(now).changes;
    const expired = stmt(db, `UPDATE refund_requests SET status = 'expired' WHERE status = 'open' AND deadline_at <= ?`).run(now).changes;
    return { opened, expired, linked: linkRequestOutcomes(db) };
  })();
}

// Apple's decision on a requested transaction: its refund or refund_declined event. The
// order_id test is spelled COLLATE NOCASE so it seeks events_order (an index on
// order_id COLLATE NOCASE); a plain `=` could only walk that whole index, once per open
// request and twice per statement (measured: every Apple sync read every event's order
// ID per request). The second, exact test keeps Apple's IDs case-sensitive.
const OUTCOME = `FROM events e WHERE e.order_id = refund_requests.transaction_id COLLATE NOCASE
  AND e.order_id = refund_requests.transaction_id AND e.store = 'apple' AND (e.type = 'refund' OR e.type = 'refund_declined')
  AND e.occurred_at >= refund_requests.requested_at`;

/** Links each unlinked request to Apple's decision; exported for its query-plan test. */
export const LINK_OUTCOMES = `UPDATE refund_requests SET status = 'resolved', outcome_event_id = (
    SELECT e.id ${OUTCOME} ORDER BY e.occurred_at, e.id LIMIT 1)
  WHERE outcome_event_id IS NULL AND EXISTS (SELECT 1 ${OUTCOME})`;

/** REFUND or REFUND_DECLINED for the same transaction, after the request → resolved, linked. */
export function linkRequestOutcomes(db: Db): number {
  return stmt(db, LINK_OUTCOMES).run().changes;
}

export interface ConsumptionServiceDeps {
  db: Db;
  /** The Apple adapter's Send Consumption Information v2 (null: Apple not configured). */
  sendConsumption: ((transactionId: string, answer: ConsumptionAnswer) => Promise<void>) | null;
  now?: () => number;
}

export interface ConsumptionService {
  list(opts?: { includeClosed?: boolean }): RefundRequestDto[];
  answer(requestId: number, answer: ConsumptionAnswer, agent: AgentIdentity): Promise<RefundRequestDto>;
  summary(): { open: number; nextDeadlineAt: number | null };
}

function audit(db: Db, now: number, agent: AgentIdentity, target: string, result: 'ok' | 'failed' | 'refused', detail: Record<string, unknown>): void {
  insertAudit(db, { agent, action: 'apple.consumption_answer', target, result, detail }, now);
}

export function createConsumptionService(deps: ConsumptionServiceDeps): ConsumptionService {
  const { db } = deps;
  const now = deps.now ?? Date.now;
  const get = (id: number) => stmt(db, `${SELECT} WHERE r.id = ?`).get(id) as RequestRow | undefined;

  return {
    list(opts = {}) {
      const t = now();
      // Soonest deadline first; answered and resolved ones only on request.
      const rows = stmt(
        db,
        `${SELECT} WHERE (? = 1 OR r.status IN ('open', 'expired')) ORDER BY (r.status = 'open' AND r.deadline_at > ?) DESC, r.deadline_at ASC, r.id ASC`,
      ).all(opts.includeClosed ? 1 : 0, t) as RequestRow[];
      return rows.map((r) => toDto(r, t));
    },

    summary() {
      const r = stmt(db, `SELECT COUNT(*) AS n, MIN(deadline_at) AS next FROM refund_requests WHERE status = 'open' AND deadline_at > ?`).get(now()) as {
        n: number;
        next: number | null;
      };
      return { open: r.n, nextDeadlineAt: r.next };
    },

    async answer(requestId, answer, agent) {
      const row = get(requestId);
      if (!row) throw new DeskError('not_found', `No refund request ${requestId}.`);
      const target = `apple:${row.transaction_id}`;
      if (row.status === 'answered' || row.status === 'resolved') {
        throw new DeskError('conflict', 'This refund request was already answered; Apple accepts one answer.');
      }
      const t = now();
      if (row.deadline_at <= t) {
        withFullSync(db, () => {
          stmt(db, `UPDATE refund_requests SET status = 'expired' WHERE id = ? AND status = 'open'`).run(requestId);
          audit(db, t, agent, target, 'refused', { reason: 'deadline passed', deadlineAt: row.deadline_at });
        });
        throw new DeskError('not_allowed_by_store', expiredReason(row.deadline_at));
      }
      // Apple answers HTTP 400 to a body that breaks its documented rules, and the 12-hour
      // window keeps running: refuse here, with the rule, before anything is sent.
      const productType = productTypeOf(row);
      const problems = consumptionAnswerProblems(answer, productType);
      if (problems.length) throw new DeskError('invalid_input', problems.join(' '));
      if (answer.deliveryStatus !== 'DELIVERED' && productType != null && productType !== 'Auto-Renewable Subscription') {
        // deliveryStatus: "If the delivery status isn't DELIVERED, set the consumptionPercentage to 0"
        answer = { ...answer, consumedPercent: 0 };
      }
      if (!deps.sendConsumption) throw new DeskError('not_configured', 'Apple is not configured in this workspace.');
      try {
        await deps.sendConsumption(row.transaction_id, answer);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        withFullSync(db, () => audit(db, now(), agent, target, 'failed', { answer: { ...answer }, error: message }));
        // A StoreError goes on as it is: the IPC edge (toDeskError) gives it the page's code.
        throw e instanceof StoreError || e instanceof DeskError ? e : new DeskError('internal', message);
      }
      const at = now();
      // synchronous=FULL: Apple has the answer now; the record of it must survive a power loss.
      withFullSync(db, () => {
        stmt(db, `UPDATE refund_requests SET status = 'answered', answer = ?, answered_at = ? WHERE id = ?`).run(JSON.stringify(answer), at, requestId);
        const p = row.purchase_id
          ? (stmt(db, 'SELECT store_key FROM purchases WHERE id = ?').get(row.purchase_id) as { store_key: string } | undefined)
          : undefined;
        if (p) {
          ingestInTransaction(
            db,
            {
              purchases: [],
              events: [
                {
                  store: 'apple',
                  purchaseKey: p.store_key,
                  type: 'consumption_answered',
                  occurredAt: at,
                  source: 'console',
                  dedupeKey: `apple:consumption_answered:${row.transaction_id}`,
                  orderId: row.transaction_id,
                  detail: { ...answer, transactionId: row.transaction_id, agent: agent.name || agent.osUser, detectedVia: 'console' },
                },
              ],
            },
            at,
          );
        }
        audit(db, at, agent, target, 'ok', { answer: { ...answer }, requestId });
      });
      return toDto(get(requestId)!, at);
    },
  };
}
