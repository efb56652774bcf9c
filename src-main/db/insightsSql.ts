// The SQL of Insights, as constants. Every value comes in as a named parameter:
//   @from @to (epoch ms, [from, to)), @store (NULL = all), @sandbox (1 = include), @off (ms east of UTC).
//
// Speed (DESIGN §8; migration 005 adds the partial indexes these plans rely on):
// - Time series are grouped by the agent's DAY, an integer ((t + @off) / 86400000), and
//   rolled up into day / week / month labels in compute.ts: a strftime() per row costs
//   more than the rest of the row's work, a day number almost nothing.
// - Refunds are read from the ledger (db/insightsRefunds.ts, issue 12), disputes from the
//   ledger's disputes rows (few: one per dispute); only the paid transactions (most of the
//   events) are scanned, once per report.
// - The sandbox filter is a NOT IN over the few non-production purchases
//   (purchases_not_production) instead of a join to purchases for every event, and is
//   skipped altogether when the cache holds no sandbox purchase (compute.ts).

import { DISPUTE_STATUSES, disputeOutcome } from '../domain/ledger';

/** Day number of an epoch-ms column in the agent's offset. Epoch ms are positive, so `/` floors. */
export const DAY_OF = (col: string) => `((${col} + @off) / 86400000)`;

/** `d.status = 'x' OR …` for the statuses of one outcome (ORs: see migration 011 on IN lists). */
const OUTCOME = (end: 'won' | 'lost') => `(${DISPUTE_STATUSES.filter((s) => disputeOutcome(s) === end).map((s) => `d.status = '${s}'`).join(' OR ')})`;
const WON = OUTCOME('won');
const LOST = OUTCOME('lost');

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
 * The paid transactions of the scope, each with its time and price: paid events, and
 * for a purchase the cache knows only as a row (no purchase or renewal event, e.g. an
 * Amazon receipt), the purchase itself under the negative purchase ID.
 */
export const PAID_CTE = `
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

/** Whether the cache holds any sandbox or test purchase (one seek in purchases_not_production). */
export const ANY_NOT_PRODUCTION_SQL = `SELECT 1 FROM purchases WHERE environment <> 'production' LIMIT 1`;

// Disputes come from the ledger (issue 12): one row per dispute however many events (or
// paths) told it, its status updated in place. It opened when the store created it; it was
// decided when its closing status was observed (observed_at follows the fact that set the
// status, domain/ledgerMerge.ts): for an event, the store's event time. An import that
// conflicts with the store's row is kept apart (the `imported` column), so the row says what
// the store said.

/** Chargebacks lost in the period: money the store took back, by the day it was decided. */
export const CHARGEBACKS_SQL = `
  SELECT ${DAY_OF('d.observed_at')} AS day, d.currency AS currency, COALESCE(SUM(d.amount_minor), 0) AS amount
  FROM disputes d
  WHERE ${LOST} AND d.observed_at >= @from AND d.observed_at < @to AND d.currency IS NOT NULL
    AND ${IN_SCOPE('d')}
  GROUP BY day, d.currency`;

/** Chargebacks and disputes opened, won and lost in the period, by day and store. */
export const DISPUTES_SQL = `
  SELECT day, store, SUM(opened) AS opened, SUM(won) AS won, SUM(lost) AS lost FROM (
    SELECT ${DAY_OF('d.created_at')} AS day, d.store AS store, 1 AS opened, 0 AS won, 0 AS lost
    FROM disputes d
    WHERE d.created_at >= @from AND d.created_at < @to AND ${IN_SCOPE('d')}
    UNION ALL
    SELECT ${DAY_OF('d.observed_at')}, d.store, 0, ${WON}, ${LOST}
    FROM disputes d
    WHERE (${WON} OR ${LOST}) AND d.observed_at >= @from AND d.observed_at < @to AND ${IN_SCOPE('d')})
  GROUP BY day, store`;
