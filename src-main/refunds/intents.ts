// refund_intents: one row per attempt to move money. Written with synchronous=FULL before
// any byte goes to a store; the partial unique index (migration 002) refuses a second
// open intent (pending, sent, unknown) for the same payment, whichever window asks.
import { createHash } from 'node:crypto';
import type { Db } from '../db/connection';
import { withFullSync } from '../db/connection';
import { stmt } from '../db/statements';
import { DeskError } from '../ipc/define';
import { majorUnits, type RefundKind, type Store } from '../ipc/vocabulary';
import type { RefundMode, RefundPlan, RefundReason } from './policy';

export type IntentStatus = 'pending' | 'sent' | 'succeeded' | 'failed' | 'unknown';
export const OPEN_STATUSES: readonly IntentStatus[] = ['pending', 'sent', 'unknown'];

export interface Intent {
  id: string;
  idemKey: string;
  store: Store;
  purchaseId: number | null;
  paymentRef: string;
  amountMinor: number;
  currency: string;
  mode: RefundMode;
  refundKind: RefundKind;
  reason: RefundReason;
  note: string | null;
  agentOsUser: string;
  agentName: string | null;
  status: IntentStatus;
  storeRef: string | null;
  storeMessage: string | null;
  steps: string[];
  createdAt: number;
  updatedAt: number;
}

interface Row {
  id: string;
  idem_key: string;
  store: Store;
  purchase_id: number | null;
  payment_ref: string;
  amount_minor: number;
  currency: string;
  mode: RefundMode;
  refund_kind: RefundKind;
  reason: RefundReason;
  note: string | null;
  agent_os_user: string;
  agent_name: string | null;
  status: IntentStatus;
  store_ref: string | null;
  store_message: string | null;
  steps: string;
  created_at: number;
  updated_at: number;
}

function toIntent(r: Row): Intent {
  return {
    id: r.id,
    idemKey: r.idem_key,
    store: r.store,
    purchaseId: r.purchase_id,
    paymentRef: r.payment_ref,
    amountMinor: r.amount_minor,
    currency: r.currency,
    mode: r.mode,
    refundKind: r.refund_kind,
    reason: r.reason,
    note: r.note,
    agentOsUser: r.agent_os_user,
    agentName: r.agent_name,
    status: r.status,
    storeRef: r.store_ref,
    storeMessage: r.store_message,
    steps: JSON.parse(r.steps) as string[],
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/**
 * Deterministic: the same refund of the same payment gives the same key on every desktop,
 * so Stripe performs it once and replays it to the others (DESIGN §5.7). The mode is not
 * in it: "refund" and "refund and revoke" send the same refund request.
 */
export function baseKey(store: Store, paymentRef: string, amountMinor: number): string {
  const h = createHash('sha256').update(`${store}\u0000${paymentRef}\u0000${amountMinor}`).digest('hex');
  return `rd_${h.slice(0, 40)}`;
}

/**
 * The key sent to the store for a new intent. A second refund of the same amount that the
 * agent confirmed on purpose gets a key of its own (derived from the intent), so Stripe
 * performs it rather than replaying the first.
 */
export function sendKeyFor(plan: Pick<RefundPlan, 'store' | 'paymentRef' | 'amountMinor'>, intentId: string, allowRepeat: boolean): string {
  const base = baseKey(plan.store, plan.paymentRef, plan.amountMinor);
  return allowRepeat ? `${base}:again:${createHash('sha256').update(intentId).digest('hex').slice(0, 16)}` : base;
}

/**
 * idem_key is unique per row (migration 002) while intents of one refund share the key
 * sent to the store; a local suffix after '~' keeps rows apart and is never sent.
 */
export const LOCAL_SUFFIX = '~';
export const storeKeyOf = (idemKey: string): string => idemKey.split(LOCAL_SUFFIX)[0]!;

function rowKey(db: Db, sendKey: string): string {
  const used = stmt(db, 'SELECT COUNT(*) AS n FROM refund_intents WHERE idem_key = @k OR substr(idem_key, 1, length(@k) + 1) = @k || @s').get({ k: sendKey, s: LOCAL_SUFFIX }) as {
    n: number;
  };
  return used.n === 0 ? sendKey : `${sendKey}${LOCAL_SUFFIX}${used.n}`;
}

/** The last succeeded intent that sent this very key: a repeat needs the agent's explicit confirmation. */
export function succeededWithKey(db: Db, sendKey: string): Intent | null {
  const r = stmt(
    db,
    "SELECT * FROM refund_intents WHERE status = 'succeeded' AND (idem_key = @k OR substr(idem_key, 1, length(@k) + 1) = @k || @s) ORDER BY created_at DESC LIMIT 1",
  ).get({ k: sendKey, s: LOCAL_SUFFIX }) as Row | undefined;
  return r ? toIntent(r) : null;
}

export function getIntent(db: Db, id: string): Intent | null {
  const r = stmt(db, 'SELECT * FROM refund_intents WHERE id = ?').get(id) as Row | undefined;
  return r ? toIntent(r) : null;
}

export function openIntentFor(db: Db, store: Store, paymentRef: string): Intent | null {
  const r = stmt(db, "SELECT * FROM refund_intents WHERE store = ? AND payment_ref = ? AND status IN ('pending', 'sent', 'unknown')").get(
    store,
    paymentRef,
  ) as Row | undefined;
  return r ? toIntent(r) : null;
}

export function intentsWithStatus(db: Db, statuses: readonly IntentStatus[]): Intent[] {
  const rows = stmt(db, 'SELECT * FROM refund_intents WHERE status IN (SELECT value FROM json_each(?)) ORDER BY created_at, id').all(
    JSON.stringify(statuses),
  ) as Row[];
  return rows.map(toIntent);
}

export interface IntentFilter {
  purchaseId?: number | null;
  paymentRef?: string | null;
  statuses?: IntentStatus[] | null;
  limit?: number;
}

export function listIntents(db: Db, f: IntentFilter = {}): Intent[] {
  const rows = stmt(
    db,
    `SELECT * FROM refund_intents
     WHERE (@purchaseId IS NULL OR purchase_id = @purchaseId)
       AND (@paymentRef IS NULL OR payment_ref = @paymentRef)
       AND (@statuses IS NULL OR status IN (SELECT value FROM json_each(@statuses)))
     ORDER BY created_at DESC, id DESC LIMIT @limit`,
  ).all({
    purchaseId: f.purchaseId ?? null,
    paymentRef: f.paymentRef ?? null,
    statuses: f.statuses?.length ? JSON.stringify(f.statuses) : null,
    limit: f.limit ?? 200,
  }) as Row[];
  return rows.map(toIntent);
}

function isUniqueViolation(e: unknown): boolean {
  return e instanceof Error && 'code' in e && String((e as { code: unknown }).code).startsWith('SQLITE_CONSTRAINT');
}

/**
 * Writes the intent, status 'pending', on disk (synchronous=FULL) before the store is
 * called. A second open intent for the payment is refused by the database itself.
 */
export function insertIntent(
  db: Db,
  plan: RefundPlan,
  agent: { osUser: string; name: string },
  id: string,
  now: number,
  opts: { allowRepeat?: boolean } = {},
): Intent {
  try {
    withFullSync(db, () => {
      const key = rowKey(db, sendKeyFor(plan, id, opts.allowRepeat === true));
      stmt(
        db,
        `INSERT INTO refund_intents (id, idem_key, store, purchase_id, payment_ref, amount_minor, currency, mode, refund_kind,
           reason, note, agent_os_user, agent_name, status, steps, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', '[]', ?, ?)`,
      ).run(
        id,
        key,
        plan.store,
        plan.purchaseId,
        plan.paymentRef,
        plan.amountMinor,
        plan.currency,
        plan.mode,
        plan.refundKind,
        plan.reason,
        plan.note,
        agent.osUser,
        agent.name || null,
        now,
        now,
      );
    });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    const open = openIntentFor(db, plan.store, plan.paymentRef);
    throw conflictError(open, plan.paymentRef);
  }
  return getIntent(db, id)!;
}

/** How an agent is named to people: the display name with the OS user, or the OS user alone. */
export function agentWords(i: Pick<Intent, 'agentOsUser' | 'agentName'>): string {
  return i.agentName ? `${i.agentName} (${i.agentOsUser})` : i.agentOsUser;
}

export function conflictError(open: Intent | null, paymentRef: string): DeskError {
  if (!open) return new DeskError('conflict', `Another refund of ${paymentRef} was just started. Check the refund list before trying again.`);
  const who = agentWords(open);
  const what = open.status === 'unknown' ? 'is waiting for the store to confirm it' : 'is in progress';
  return new DeskError(
    'conflict',
    `A refund of ${paymentRef} started by ${who} at ${new Date(open.createdAt).toISOString().slice(11, 16)} UTC ${what}. Nothing was sent again; wait for its result.`,
  );
}

/** A repeat of a refund already made: refused until the agent confirms a second refund. */
export function repeatError(prior: Intent, paymentRef: string): DeskError {
  const when = new Date(prior.createdAt).toISOString().replace('T', ' ').slice(0, 16);
  return new DeskError(
    'conflict',
    `${agentWords(prior)} already refunded ${majorUnits(prior.amountMinor, prior.currency)} ${prior.currency} of ${paymentRef} on ${when} UTC${prior.storeRef ? ` (${prior.storeRef})` : ''}. Nothing was sent. To refund the same amount again, confirm a second refund.`,
  );
}

export interface IntentUpdate {
  status: IntentStatus;
  storeRef?: string | null;
  storeMessage?: string | null;
  steps?: string[];
}

/** Inside the caller's transaction, or alone with synchronous=FULL. */
export function updateIntent(db: Db, id: string, u: IntentUpdate, now: number): void {
  stmt(
    db,
    `UPDATE refund_intents SET status = ?, store_ref = COALESCE(?, store_ref), store_message = ?,
       steps = COALESCE(?, steps), updated_at = ? WHERE id = ?`,
  ).run(u.status, u.storeRef ?? null, u.storeMessage ?? null, u.steps ? JSON.stringify(u.steps) : null, now, id);
}

export function setIntentStatus(db: Db, id: string, u: IntentUpdate, now: number): void {
  withFullSync(db, () => updateIntent(db, id, u, now));
}
