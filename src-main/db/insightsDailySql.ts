// SQL that keeps the Insights summaries (migration 007) and reads them. Writes take the
// events with IDs in (@done, @max]; what is paid is the definition of insightsSql.ts, so a
// summary equals the report's own scan by construction. Refund rows come from the ledger
// (db/insightsRefunds.ts, migration 008). Tests compare both on random data.
import { DAY_OF, PAID_CTE, PAID_TYPES } from './insightsSql';

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

// ---- Reading: the same rows as the report's own scan, from the summaries. ----

const SCOPE = `(@store IS NULL OR s.store = @store) AND (@sandbox = 1 OR s.sandbox = 0)`;

/** Whether the summaries hold every event and ledger change (else the report scans). */
export const SUMMARY_STATE_SQL = `SELECT events_done = (SELECT COALESCE(MAX(id), 0) FROM events)
  AND NOT EXISTS (SELECT 1 FROM insights_dirty) FROM insights_state`;

/**
 * Where refund rows are read: the summary table, or the rows the report derived itself
 * from the ledger (insightsRefunds.ts scanRows), passed in as JSON in @scan.
 */
export type RefundRows = 'insights_refunds' | typeof SCANNED;
export const SCANNED = `(SELECT json_extract(value, '$.purchase_id') AS purchase_id, json_extract(value, '$.at') AS at,
  json_extract(value, '$.store') AS store, json_extract(value, '$.currency') AS currency, json_extract(value, '$.amount') AS amount,
  json_extract(value, '$.sandbox') AS sandbox, json_extract(value, '$.reason') AS reason, json_extract(value, '$.paid_key') AS paid_key,
  json_extract(value, '$.paid_at') AS paid_at, json_extract(value, '$.paid_currency') AS paid_currency,
  json_extract(value, '$.paid_counts') AS paid_counts FROM json_each(@scan))`;

export const REFUNDS_OF = (rows: RefundRows) => `
  SELECT ${DAY_OF('s.at')} AS day, s.store AS store, s.currency AS currency, COUNT(*) AS count, COALESCE(SUM(s.amount), 0) AS amount
  FROM ${rows} s WHERE s.at >= @from AND s.at < @to AND ${SCOPE}
  GROUP BY day, s.store, s.currency`;

/** Paid payments with a counted refund made since @from, by the day and currency of the payment. */
const REFUNDED_PAID = (rows: RefundRows) => `
    SELECT ${DAY_OF('s.paid_at')} AS day, s.paid_currency AS currency, 0 AS paid, COUNT(DISTINCT s.paid_key) AS refunded, 0 AS amount
    FROM ${rows} s
    WHERE s.paid_counts = 1 AND s.at >= @from AND s.paid_at >= @from AND s.paid_at < @to AND ${SCOPE}
    GROUP BY 1, 2`;

export const DAILY_PAID_SQL = `
  SELECT day, currency, SUM(paid) AS paid, SUM(refunded) AS refunded, SUM(amount) AS amount FROM (
    SELECT ((s.slot * ${SLOT_MS} + @off) / 86400000) AS day, NULLIF(s.currency, '') AS currency,
      SUM(s.paid) AS paid, 0 AS refunded, SUM(s.amount) AS amount
    FROM insights_paid s WHERE s.slot >= @from / ${SLOT_MS} AND s.slot < @to / ${SLOT_MS} AND s.paid > 0 AND ${SCOPE}
    GROUP BY 1, 2
    UNION ALL ${REFUNDED_PAID('insights_refunds')})
  GROUP BY day, currency`;

/** The same from the events' own scan and the report's own refund rows. */
export const SCAN_PAID_SQL = `
  WITH ${PAID_CTE}
  SELECT day, currency, SUM(paid) AS paid, SUM(refunded) AS refunded, SUM(amount) AS amount FROM (
    SELECT ${DAY_OF('paid.at')} AS day, paid.currency AS currency, COUNT(*) AS paid, 0 AS refunded, COALESCE(SUM(paid.amount), 0) AS amount
    FROM paid GROUP BY 1, 2
    UNION ALL ${REFUNDED_PAID(SCANNED)})
  GROUP BY day, currency`;

export const TIME_TO_REFUND_OF = (rows: RefundRows) => `
  SELECT (s.at - s.paid_at) / 3600000 AS hours FROM ${rows} s
  WHERE s.at >= @from AND s.at < @to AND ${SCOPE}`;

export const REASONS_OF = (rows: RefundRows) => `
  SELECT s.reason AS reason, COUNT(*) AS count FROM ${rows} s
  WHERE s.at >= @from AND s.at < @to AND ${SCOPE}
  GROUP BY reason ORDER BY count DESC, reason LIMIT @limit`;
