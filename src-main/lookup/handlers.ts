// The lookup: channel: one pasted ID fetched from its store (sync/lookup.ts does the
// fetching); every attempt that names a store ID is in the audit log.
import { insertAudit } from '../db/audit';
import type { Db } from '../db/connection';
import { customerHeader } from '../db/customers';
import { classifyLookup, type LookupResultDto, type LookupTarget } from '../ipc/channels/lookup';
import type { PrefixHandlers } from '../ipc/context';
import { DeskError } from '../ipc/define';
import { STORE_NAMES, type Store } from '../ipc/vocabulary';
import type { StoreAdapter } from '../stores/adapter';
import { lookupInStores } from '../sync/lookup';

export interface LookupDeps {
  db: Db;
  /** The configured adapters as they are now (services.ts rebuilds them when credentials change). */
  adapters: () => ReadonlyMap<Store, StoreAdapter>;
  isOnline: () => boolean;
  now?: () => number;
  /** A lookup that hangs is given up after this long (default 60 s). */
  timeoutMs?: number;
}

const auditTarget = (t: LookupTarget | null, query: string): string =>
  t?.ok ? `${t.store}:${t.ids.map((i) => i.value).join(' ')}` : `${t?.store ?? 'unknown'}:${query.trim().slice(0, 200)}`;

export function createLookupHandlers(deps: LookupDeps) {
  const now = deps.now ?? Date.now;
  return {
    'lookup:fetch': async ({ query }, ctx): Promise<LookupResultDto> => {
      const target = classifyLookup(query);
      const audit = (result: 'ok' | 'failed' | 'refused', detail: Record<string, unknown>) =>
        insertAudit(deps.db, { agent: ctx.agent, action: 'lookup.fetch', target: auditTarget(target, query), result, detail }, now());
      try {
        if (target?.ok && !deps.isOnline()) {
          throw new DeskError('offline', `Offline: fetching from ${STORE_NAMES[target.store]} needs the network. Cached data stays readable.`, true);
        }
        const out = await lookupInStores({
          query,
          adapters: deps.adapters(),
          db: deps.db,
          now,
          signal: AbortSignal.timeout(deps.timeoutMs ?? 60_000),
        });
        audit('ok', { store: out.store, purchases: out.purchases, events: out.events, customers: out.customerIds });
        return { store: out.store, message: out.message, customers: out.customerIds.map((id) => customerHeader(deps.db, id)) };
      } catch (e) {
        const err = e instanceof DeskError ? e : new DeskError('internal', e instanceof Error ? e.message : String(e));
        const refused = ['invalid_input', 'not_configured', 'offline', 'not_allowed_by_store'].includes(err.code);
        if (target) audit(refused ? 'refused' : 'failed', { store: target.store, code: err.code, message: err.message });
        throw err;
      }
    },
  } satisfies PrefixHandlers<'lookup'>;
}
