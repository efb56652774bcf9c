// Identifier kinds as agents call them, with the store they belong to: the store kinds
// come from each store's profile (display.idWords), so a new store needs no edit here.
import type { Store } from '../../../../src-main/ipc/contract';
import { displayOf, profiledStores, storeOfIdKind } from '../../storeDisplay';

/** Kinds that belong to no store. */
const COMMON_WORDS: Readonly<Record<string, string>> = { app_user_id: 'App user ID', email: 'Email', display_name: 'Name', order_id: 'Order' };

export function idLabel(kind: string): string {
  const store = storeOfIdKind(kind);
  return COMMON_WORDS[kind] ?? (store ? displayOf(store).idWords[kind] : undefined) ?? kind.replace(/_/g, ' ');
}

export const storeOfKind = (kind: string): Store | null => storeOfIdKind(kind) as Store | null;

/** The IDs a header shows first, one or two per store; the rest sit behind "more". */
export const primaryKinds = (): string[] => profiledStores().flatMap((s) => [...displayOf(s).primaryIds]);
