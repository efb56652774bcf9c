// SQL that keeps the Insights summaries (migration 007) and reads them. Writes take the
// events with IDs in (@done, @max]; every definition (what is paid, which refund is live,
// which paid transaction a refund matches, the reason's words) is the one of sql.ts, so a
// summary equals the report's own scan by construction. Tests compare both on random data.
import { DAY_OF, LIVE_REFUND, PAID_OF, PAID_TYPES, REASON_OF } from './insightsSql';

export const SLOT_MS = 900_000;

/** 1 when `e`'s purchase is not production (the report leaves it out unless sandbox is asked for). */
const SANDBOX_OF = (e: string) =>
  `(${e}.purchase_id IS NOT NULL AND EXISTS (SELECT 1 FROM purchases sp WHERE sp.id = ${e}.purchase_id AND sp.environment <> 'production'))`;

/** New paid events, added to their quarter hour. */
export const ADD_PAID_SQL = `
  INSERT INTO insights_paid (slot, store, currency, sandbox, paid, amount)
  SELECT e.occurred_at / ${SLOT_MS}, COALESCE(e.store, ''), COALESCE(e.currency, ''), ${SANDBOX_OF('e')},
    COUNT(*), COALESCE(SUM(e.amount_minor), 0)
  FROM events e
  WHERE e.id > @done AND e.id <= @max AND e.type IN ${PAID_TYPES} AND COALESCE(e.amount_minor, 1) > 0
  GROUP BY 1, 2, 3, 4
  ON CONFLICT (slot, store, currency, sandbox) DO UPDATE SET paid = paid + excluded.paid, amount = amount + excluded.amount`;

/** Bare purchases that got their first paid or trial event: their row stops counting. */
export const LEFT_BARE_SQL = `
  SELECT DISTINCT b.* FROM events e JOIN insights_bare b ON b.purchase_id = e.purchase_id
  WHERE e.id > @done AND e.id <= @max AND e.type IN ('purchase', 'renewal', 'trial_converted', 'trial_started')`;

export const UNCOUNT_SQL = `
  UPDATE insights_paid SET paid = paid - 1, amount = amount - @amount
  WHERE slot = @slot AND store = @store AND currency = @currency AND sandbox = @sandbox`;

/** New purchases known only as a row, as the report's paid scan counts them. */
export const NEW_BARE_SQL = `
  SELECT p.id AS purchase_id, p.purchased_at / ${SLOT_MS} AS slot, p.store AS store, COALESCE(p.currency, '') AS currency,
    (p.environment <> 'production') AS sandbox, COALESCE(p.price_minor, 0) AS amount
  FROM purchases p
  WHERE p.id > @pdone AND p.id <= @pmax AND COALESCE(p.price_minor, 1) > 0
    AND NOT EXISTS (
      SELECT 1 FROM events y
      WHERE y.purchase_id = p.id AND y.type IN ('purchase', 'renewal', 'trial_converted', 'trial_started'))`;

export const COUNT_BARE_SQL = `
  INSERT INTO insights_paid (slot, store, currency, sandbox, paid, amount) VALUES (@slot, @store, @currency, @sandbox, 1, @amount)
  ON CONFLICT (slot, store, currency, sandbox) DO UPDATE SET paid = paid + 1, amount = amount + excluded.amount`;

export const ADD_BARE_SQL = `
  INSERT INTO insights_bare (purchase_id, slot, store, currency, sandbox, amount) VALUES (@purchase_id, @slot, @store, @currency, @sandbox, @amount)`;

/** New refund failures and reversals: the live refunds they name stop counting. */
export const NEW_OUTCOMES_SQL = `
  SELECT e.type, e.purchase_id, json_extract(e.detail, '$.storeRef') AS store_ref, e.order_id, e.occurred_at FROM events e
  WHERE e.id > @done AND e.id <= @max AND e.purchase_id IS NOT NULL AND e.type IN ('refund_failed', 'refund_reversed')`;

export const DROP_FAILED_SQL = `DELETE FROM insights_refunds WHERE purchase_id = @purchase_id AND store_ref = @store_ref`;

export const DROP_REVERSED_SQL = `DELETE FROM insights_refunds WHERE purchase_id = @purchase_id AND order_id = @order_id AND at <= @occurred_at`;

/**
 * New paid or trial events of purchases that have refund rows: they may be the better
 * match of a refund (same order, or later but not after it), or end the purchase row's
 * standing as a paid transaction (rows matched to it).
 */
export const NEW_PAID_OF_REFUNDED_SQL = `
  SELECT e.purchase_id, e.occurred_at, e.order_id FROM events e
  WHERE e.id > @done AND e.id <= @max AND e.type IN ('purchase', 'renewal', 'trial_converted', 'trial_started')
    AND EXISTS (SELECT 1 FROM insights_refunds ir WHERE ir.purchase_id = e.purchase_id)`;

export const REMATCH_IDS_SQL = `
  SELECT refund_id FROM insights_refunds
  WHERE purchase_id = @purchase_id AND (at >= @occurred_at OR order_id = @order_id OR paid_key < 0)`;

export const DROP_REFUNDS_SQL = `DELETE FROM insights_refunds WHERE refund_id IN (SELECT value FROM json_each(?))`;

// The index is named: the planner would otherwise skip-scan the refunds' partial index
// (events_refunds) for one purchase's refunds, instead of a seek by purchase or by ID. MATERIALIZED: the
// match is a subquery, computed once per refund rather than once per use of paid_key.
const REFUND_ROWS = (index: string, where: string) => `
  WITH m AS MATERIALIZED (
    SELECT r.id, r.purchase_id, r.occurred_at, r.store, r.currency, r.amount_minor, r.order_id,
      json_extract(r.detail, '$.storeRef') AS store_ref, ${SANDBOX_OF('r')} AS sandbox, ${REASON_OF('r')} AS reason,
      CASE WHEN r.purchase_id IS NULL THEN NULL ELSE ${PAID_OF('r')} END AS paid_key
    FROM events r ${index} WHERE r.type = 'refund' AND ${where} AND ${LIVE_REFUND('r')})
  INSERT INTO insights_refunds (refund_id, purchase_id, at, store, currency, amount, sandbox, reason, store_ref, order_id,
    paid_key, paid_at, paid_currency, paid_counts)
  SELECT m.id, m.purchase_id, m.occurred_at, m.store, m.currency, m.amount_minor, m.sandbox, m.reason, m.store_ref, m.order_id, m.paid_key,
    COALESCE(x.occurred_at, pp.purchased_at), CASE WHEN m.paid_key > 0 THEN x.currency ELSE pp.currency END,
    CASE WHEN m.paid_key IS NULL THEN 0 WHEN m.paid_key > 0 THEN 1
      ELSE (COALESCE(pp.price_minor, 1) > 0 AND NOT EXISTS (
        SELECT 1 FROM events y WHERE y.purchase_id = pp.id AND y.type IN ('purchase', 'renewal', 'trial_converted', 'trial_started'))) END
  FROM m
  LEFT JOIN events x ON m.paid_key > 0 AND x.id = m.paid_key
  LEFT JOIN purchases pp ON m.paid_key < 0 AND pp.id = -m.paid_key`;

/** Refunds (live ones) matched afresh, by ID. */
export const REMATCH_SQL = REFUND_ROWS('NOT INDEXED', 'r.id IN (SELECT value FROM json_each(@ids))');

/** New refunds: live ones get their row. */
export const NEW_REFUNDS_SQL = REFUND_ROWS('NOT INDEXED', 'r.id > @done AND r.id <= @max');

// ---- Reading: the same rows as sql.ts's queries, from the summaries. ----

const SCOPE = `(@store IS NULL OR s.store = @store) AND (@sandbox = 1 OR s.sandbox = 0)`;

/** Whether the summaries hold every event (else the report scans the events). */
export const SUMMARY_STATE_SQL = `SELECT events_done = (SELECT COALESCE(MAX(id), 0) FROM events) FROM insights_state`;

export const DAILY_REFUNDS_SQL = `
  SELECT ${DAY_OF('s.at')} AS day, s.store AS store, s.currency AS currency, COUNT(*) AS count, COALESCE(SUM(s.amount), 0) AS amount
  FROM insights_refunds s WHERE s.at >= @from AND s.at < @to AND ${SCOPE}
  GROUP BY day, s.store, s.currency`;

export const DAILY_PAID_SQL = `
  SELECT day, currency, SUM(paid) AS paid, SUM(refunded) AS refunded, SUM(amount) AS amount FROM (
    SELECT ((s.slot * ${SLOT_MS} + @off) / 86400000) AS day, NULLIF(s.currency, '') AS currency,
      SUM(s.paid) AS paid, 0 AS refunded, SUM(s.amount) AS amount
    FROM insights_paid s WHERE s.slot >= @from / ${SLOT_MS} AND s.slot < @to / ${SLOT_MS} AND s.paid > 0 AND ${SCOPE}
    GROUP BY 1, 2
    UNION ALL
    SELECT ${DAY_OF('s.paid_at')}, s.paid_currency, 0, COUNT(DISTINCT s.paid_key), 0
    FROM insights_refunds s
    WHERE s.paid_counts = 1 AND s.at >= @from AND s.paid_at >= @from AND s.paid_at < @to AND ${SCOPE}
    GROUP BY 1, 2)
  GROUP BY day, currency`;

export const DAILY_TIME_TO_REFUND_SQL = `
  SELECT (s.at - s.paid_at) / 3600000 AS hours FROM insights_refunds s
  WHERE s.purchase_id IS NOT NULL AND s.at >= @from AND s.at < @to AND ${SCOPE}`;

export const DAILY_REASONS_SQL = `
  SELECT s.reason AS reason, COUNT(*) AS count FROM insights_refunds s
  WHERE s.at >= @from AND s.at < @to AND ${SCOPE}
  GROUP BY reason ORDER BY count DESC, reason LIMIT @limit`;
