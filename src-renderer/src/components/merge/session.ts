// Merges made in this session, by the customer they went into. The customer DTO says
// when a customer was merged away (`mergedInto`), not what was merged into it, so the
// page that stays offers "Undo merge" from what this session did.
import { reactive } from 'vue';

export interface MergedIn {
  fromId: number;
  fromName: string;
  mergeId: number;
}

const byInto = reactive(new Map<number, MergedIn[]>());

export function mergedInto(intoId: number): MergedIn[] {
  return byInto.get(intoId) ?? [];
}

export function rememberMerge(intoId: number, merged: MergedIn): void {
  byInto.set(intoId, [...mergedInto(intoId).filter((m) => m.fromId !== merged.fromId), merged]);
}

export function forgetMerge(fromId: number): void {
  for (const [into, list] of byInto) byInto.set(into, list.filter((m) => m.fromId !== fromId));
}

export function customerName(h: { id: number; displayName: string | null; email: string | null; appUserId: string | null }): string {
  return h.displayName ?? h.email ?? h.appUserId ?? `Customer ${h.id}`;
}
