// Merging two customers, undoing it exactly, and agent notes.
import { randomUUID } from 'node:crypto';
import { DeskError } from '../ipc/define';
import type { Db } from './connection';
import { insertCustomerEvent } from './ingest';
import { stmt } from './statements';

interface Moved {
  ids: number[];
  purchases: number[];
  looseEvents: number[];
  refundRequests: number[];
}

const ids = (db: Db, sql: string, customerId: number) => (stmt(db, sql).all(customerId) as { id: number }[]).map((r) => r.id);

function liveCustomer(db: Db, id: number): void {
  const row = stmt(db, 'SELECT merged_into FROM customers WHERE id = ?').get(id) as { merged_into: number | null } | undefined;
  if (!row) throw new DeskError('not_found', `No customer ${id} in this workspace.`);
  if (row.merged_into != null) throw new DeskError('conflict', `Customer ${id} is already merged into customer ${row.merged_into}.`);
}

/**
 * Moves everything of `fromId` to `intoId` and records exactly which rows moved, so
 * that unmerge gives back those rows and nothing else.
 */
export function mergeCustomers(db: Db, fromId: number, intoId: number, now = Date.now()): { mergeId: number } {
  if (fromId === intoId) throw new DeskError('invalid_input', 'A customer cannot be merged into itself.');
  return db.transaction(() => {
    liveCustomer(db, fromId);
    liveCustomer(db, intoId);
    const moved: Moved = {
      ids: ids(db, 'SELECT id FROM customer_ids WHERE customer_id = ?', fromId),
      purchases: ids(db, 'SELECT id FROM purchases WHERE customer_id = ?', fromId),
      looseEvents: ids(db, 'SELECT id FROM events WHERE customer_id = ? AND purchase_id IS NULL', fromId),
      refundRequests: ids(db, 'SELECT id FROM refund_requests WHERE customer_id = ?', fromId),
    };
    move(db, moved, intoId);
    stmt(db, 'UPDATE customers SET merged_into = ? WHERE id = ?').run(intoId, fromId);
    const info = stmt(db, 'INSERT INTO customer_merges (from_id, into_id, at, moved) VALUES (?, ?, ?, ?)').run(
      fromId,
      intoId,
      now,
      JSON.stringify(moved),
    );
    return { mergeId: Number(info.lastInsertRowid) };
  })();
}

function move(db: Db, m: Moved, to: number): void {
  const json = (a: number[]) => JSON.stringify(a);
  stmt(db, 'UPDATE customer_ids SET customer_id = ? WHERE id IN (SELECT value FROM json_each(?))').run(to, json(m.ids));
  stmt(db, 'UPDATE purchases SET customer_id = ? WHERE id IN (SELECT value FROM json_each(?))').run(to, json(m.purchases));
  // events follow their purchase, including those that arrived while merged
  stmt(db, 'UPDATE events SET customer_id = ? WHERE purchase_id IN (SELECT value FROM json_each(?))').run(to, json(m.purchases));
  stmt(db, 'UPDATE events SET customer_id = ? WHERE id IN (SELECT value FROM json_each(?))').run(to, json(m.looseEvents));
  stmt(db, 'UPDATE refund_requests SET customer_id = ? WHERE id IN (SELECT value FROM json_each(?))').run(to, json(m.refundRequests));
}

/** Undoes the latest merge of `customerId` into another customer. */
export function unmergeCustomer(db: Db, customerId: number, now = Date.now()): { restoredFrom: number } {
  return db.transaction(() => {
    const row = stmt(
      db,
      'SELECT id, into_id, moved FROM customer_merges WHERE from_id = ? AND undone_at IS NULL ORDER BY id DESC LIMIT 1',
    ).get(customerId) as { id: number; into_id: number; moved: string } | undefined;
    if (!row) throw new DeskError('not_found', `Customer ${customerId} is not merged into anyone.`);
    move(db, JSON.parse(row.moved) as Moved, customerId);
    stmt(db, 'UPDATE customers SET merged_into = NULL WHERE id = ?').run(customerId);
    stmt(db, 'UPDATE customer_merges SET undone_at = ? WHERE id = ?').run(now, row.id);
    return { restoredFrom: row.into_id };
  })();
}

export function addNote(
  db: Db,
  customerId: number,
  text: string,
  agent: { osUser: string; name: string },
  now = Date.now(),
): number {
  const exists = stmt(db, 'SELECT 1 FROM customers WHERE id = ?').get(customerId);
  if (!exists) throw new DeskError('not_found', `No customer ${customerId} in this workspace.`);
  const id = insertCustomerEvent(
    db,
    customerId,
    {
      type: 'note',
      occurredAt: now,
      source: 'console',
      dedupeKey: `note:${randomUUID()}`,
      detail: { text, agentOsUser: agent.osUser, agentName: agent.name || null, detectedVia: 'console' },
    },
    now,
  );
  return id!;
}
