// The SQL of Insights, as constants. Every value comes in as a named parameter:
//   @from @to (epoch ms, [from, to)), @store (NULL = all), @sandbox (1 = include), @off (ms east of UTC).
//
// Speed (DESIGN §8; migration 005 adds the partial indexes these plans rely on):
// - Time series are grouped by the agent's DAY, an integer ((t + @off) / 86400000), and
//   rolled up into day / week / month labels in compute.ts: a strftime() per row costs
//   more than the rest of the row's work, a day number almost nothing.
// - Refunds, their outcomes and disputes are read through small partial indexes; only
//   the paid transactions (most of the table) are scanned, once per report.
// - The sandbox filter is a NOT IN over the few non-production purchases
//   (purchases_not_production) instead of a join to purchases for every event, and is
//   skipped altogether when the cache holds no sandbox purchase (compute.ts).
// - json_extract() appears only on refund rows, which are few.

/** Day number of an epoch-ms column in the agent's offset. Epoch ms are positive, so `/` floors. */
export const DAY_OF = (col: string) => `((${col} + @off) / 86400000)`;

/** Written exactly as the WHERE of the partial index events_disputes, so SQLite uses it. */
const DISPUTE_TYPES = `(d.type = 'dispute_opened' OR d.type = 'dispute_won' OR d.type = 'dispute_lost')`;

/** Purchases and renewals that took money (a trial start took none). */
export const PAID_TYPES = `('purchase', 'renewal', 'trial_converted')`;

/**
 * In the store filter, and production unless sandbox is asked for. `environment` is NOT
 * NULL, so an event without a purchase is the only one with no environment: it counts.
 */
const IN_SCOPE = (e: string) => `
  (@store IS NULL OR ${e}.store = @store)
  AND (@sandbox = 1 OR ${e}.purchase_id IS NULL
    OR ${e}.purchase_id NOT IN (SELECT id FROM purchases WHERE environment <> 'production'))`;

/**
 * A refund that moved money back and stayed: not one the store reports as failed or
 * canceled (Stripe: a closed card fails a refund after it was issued, reported as a
 * separate refund_failed event with the same refund ID), and not one Apple reversed later.
 * Wherever it was made (this console, the store's dashboard, an import), it counts.
 */
export const LIVE_REFUND = (r: string) => `
  ${r}.type = 'refund'
  AND COALESCE(json_extract(${r}.detail, '$.status'), '') NOT IN ('failed', 'canceled')
  AND NOT EXISTS (
    SELECT 1 FROM events f
    WHERE f.purchase_id = ${r}.purchase_id AND f.type = 'refund_failed'
      AND json_extract(f.detail, '$.storeRef') = json_extract(${r}.detail, '$.storeRef'))
  AND NOT EXISTS (
    SELECT 1 FROM events v
    WHERE v.purchase_id = ${r}.purchase_id AND v.type = 'refund_reversed'
      AND v.order_id = ${r}.order_id AND v.occurred_at >= ${r}.occurred_at)`;

/**
 * The paid transactions of the scope, each with its time and price: paid events, and
 * for a purchase the cache knows only as a row (no purchase or renewal event, e.g. an
 * Amazon receipt), the purchase itself under the negative purchase ID.
 */
const PAID_CTE = `
  paid AS (
    SELECT x.id AS paid_id, x.occurred_at AS at, x.amount_minor AS amount, x.currency AS currency
    FROM events x
    WHERE x.type IN ${PAID_TYPES} AND COALESCE(x.amount_minor, 1) > 0
      AND x.occurred_at >= @from AND x.occurred_at < @to AND ${IN_SCOPE('x')}
    UNION ALL
    SELECT -p.id, p.purchased_at, p.price_minor, p.currency
    FROM purchases p
    WHERE p.purchased_at >= @from AND p.purchased_at < @to AND COALESCE(p.price_minor, 1) > 0
      AND (@store IS NULL OR p.store = @store)
      AND (@sandbox = 1 OR p.environment = 'production')
      AND NOT EXISTS (
        SELECT 1 FROM events y
        WHERE y.purchase_id = p.id AND y.type IN ('purchase', 'renewal', 'trial_converted', 'trial_started'))
  )`;

/**
 * Each live refund with the paid transaction it gave money back for: the paid event with
 * the same order (Google order ID, Stripe payment), else the latest paid event of the
 * purchase before the refund, else the purchase row itself.
 */
export const PAID_OF = (r: string) => `COALESCE((
        SELECT x.id FROM events x
        WHERE x.purchase_id = ${r}.purchase_id AND x.type IN ${PAID_TYPES} AND COALESCE(x.amount_minor, 1) > 0
          AND ((${r}.order_id IS NOT NULL AND x.order_id = ${r}.order_id) OR x.occurred_at <= ${r}.occurred_at)
        ORDER BY (${r}.order_id IS NOT NULL AND x.order_id = ${r}.order_id) DESC, x.occurred_at DESC
        LIMIT 1), -${r}.purchase_id)`;

const MATCH_CTE = (refundWindow: string) => `
  matched AS (
    SELECT r.id AS refund_id, r.occurred_at AS refunded_at, ${PAID_OF('r')} AS paid_id
    FROM events r
    WHERE r.purchase_id IS NOT NULL AND ${refundWindow} AND ${IN_SCOPE('r')} AND ${LIVE_REFUND('r')}
  )`;

/** Whether the cache holds any sandbox or test purchase (one seek in purchases_not_production). */
export const ANY_NOT_PRODUCTION_SQL = `SELECT 1 FROM purchases WHERE environment <> 'production' LIMIT 1`;

/** Refunds that moved money in the period, by day, store and currency. */
export const REFUNDS_SQL = `
  SELECT ${DAY_OF('r.occurred_at')} AS day, r.store AS store, r.currency AS currency,
    COUNT(*) AS count, COALESCE(SUM(r.amount_minor), 0) AS amount
  FROM events r
  WHERE r.type = 'refund' AND r.occurred_at >= @from AND r.occurred_at < @to AND ${IN_SCOPE('r')} AND ${LIVE_REFUND('r')}
  GROUP BY day, r.store, r.currency`;

/**
 * The paid transactions of the period by day and currency: how many, how much, and how
 * many of them have a live refund, whenever it came (also after @to). One pass serves the
 * refund rate (by month of the ORIGINAL purchase) and gross revenue (cash basis).
 */
export const PAID_SQL = `
  WITH ${PAID_CTE}, ${MATCH_CTE(`r.type = 'refund' AND r.occurred_at >= @from`)},
  refunded AS (SELECT DISTINCT paid_id FROM matched)
  SELECT ${DAY_OF('paid.at')} AS day, paid.currency AS currency, COUNT(*) AS paid,
    SUM(paid.paid_id IN (SELECT paid_id FROM refunded)) AS refunded,
    COALESCE(SUM(paid.amount), 0) AS amount
  FROM paid
  GROUP BY day, paid.currency`;

/** Chargebacks lost in the period: money the store took back, by the day it did. */
export const CHARGEBACKS_SQL = `
  SELECT ${DAY_OF('d.occurred_at')} AS day, d.currency AS currency, COALESCE(SUM(d.amount_minor), 0) AS amount
  FROM events d
  WHERE d.type = 'dispute_lost' AND d.occurred_at >= @from AND d.occurred_at < @to AND d.currency IS NOT NULL
    AND ${IN_SCOPE('d')}
  GROUP BY day, d.currency`;

/** Hours from the paid transaction to each live refund made in the period. */
export const TIME_TO_REFUND_SQL = `
  WITH ${MATCH_CTE(`r.type = 'refund' AND r.occurred_at >= @from AND r.occurred_at < @to`)}
  SELECT (m.refunded_at - COALESCE(
      (SELECT x.occurred_at FROM events x WHERE x.id = m.paid_id),
      (SELECT pp.purchased_at FROM purchases pp WHERE pp.id = -m.paid_id))) / 3600000 AS hours
  FROM matched m`;

/** The store's reason of refund `r`, in plain words. */
export const REASON_OF = (r: string) =>
  `COALESCE(NULLIF(REPLACE(TRIM(json_extract(${r}.detail, '$.reason')), '_', ' '), ''), 'no reason given')`;

/** Live refunds in the period by the store's reason, in plain words; an import's "requested_by_customer" joins "requested by customer". */
export const REASONS_SQL = `
  SELECT ${REASON_OF('r')} AS reason,
    COUNT(*) AS count
  FROM events r
  WHERE r.type = 'refund' AND r.occurred_at >= @from AND r.occurred_at < @to AND ${IN_SCOPE('r')} AND ${LIVE_REFUND('r')}
  GROUP BY reason ORDER BY count DESC, reason LIMIT @limit`;

/** Chargebacks and disputes opened, won and lost in the period, by day and store. */
export const DISPUTES_SQL = `
  SELECT ${DAY_OF('d.occurred_at')} AS day, d.store AS store,
    SUM(d.type = 'dispute_opened') AS opened, SUM(d.type = 'dispute_won') AS won, SUM(d.type = 'dispute_lost') AS lost
  FROM events d
  WHERE ${DISPUTE_TYPES}
    AND d.occurred_at >= @from AND d.occurred_at < @to AND ${IN_SCOPE('d')}
  GROUP BY day, d.store`;
