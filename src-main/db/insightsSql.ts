// The SQL of Insights, as constants. Every value comes in as a named parameter:
//   @from @to (epoch ms, [from, to)), @store (NULL = all), @sandbox (1 = include), @off (ms east of UTC).
//
// Speed (DESIGN §8; migration 005 adds the partial indexes these plans rely on):
// - Time series are grouped by the agent's DAY, an integer ((t + @off) / 86400000), and
//   rolled up into day / week / month labels in compute.ts: a strftime() per row costs
//   more than the rest of the row's work, a day number almost nothing.
// - Refunds are read from the ledger (db/insightsRefunds.ts, issue 12), disputes opened from
//   the ledger's disputes rows (few: one per dispute), their outcomes through a small partial
//   index; only the paid transactions (most of the events) are scanned, once per report.
// - The sandbox filter is a NOT IN over the few non-production purchases
//   (purchases_not_production) instead of a join to purchases for every event, and is
//   skipped altogether when the cache holds no sandbox purchase (compute.ts).

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

/** Chargebacks lost in the period: money the store took back, by the day it did. */
export const CHARGEBACKS_SQL = `
  SELECT ${DAY_OF('d.occurred_at')} AS day, d.currency AS currency, COALESCE(SUM(d.amount_minor), 0) AS amount
  FROM events d
  WHERE d.type = 'dispute_lost' AND d.occurred_at >= @from AND d.occurred_at < @to AND d.currency IS NOT NULL
    AND ${IN_SCOPE('d')}
  GROUP BY day, d.currency`;

// Disputes opened come from the ledger (issue 12): one row per dispute however many events
// told it opening (Stripe's needs_response then under_review are two "opened" events of one
// dispute), on the day the store created it; a Google chargeback, which has no lifecycle,
// opened and ended the same day. Outcomes stay on their timeline events, which the ledger
// gates (an event whose fact changes no ledger row is not stored, so a status told again by
// another path adds none): the ledger keeps no day of decision, and its observed_at moves to
// the latest observation (a refresh re-observes a closed dispute at the time of the refresh).

/** Chargebacks and disputes opened, won and lost in the period, by day and store. */
export const DISPUTES_SQL = `
  SELECT day, store, SUM(opened) AS opened, SUM(won) AS won, SUM(lost) AS lost FROM (
    SELECT ${DAY_OF('d.created_at')} AS day, d.store AS store, 1 AS opened, 0 AS won, 0 AS lost
    FROM disputes d
    WHERE d.created_at >= @from AND d.created_at < @to AND ${IN_SCOPE('d')}
    UNION ALL
    SELECT ${DAY_OF('d.occurred_at')}, d.store, 0, d.type = 'dispute_won', d.type = 'dispute_lost'
    FROM events d
    WHERE ${DISPUTE_TYPES} AND d.type <> 'dispute_opened' AND d.occurred_at >= @from AND d.occurred_at < @to AND ${IN_SCOPE('d')})
  GROUP BY day, store`;
