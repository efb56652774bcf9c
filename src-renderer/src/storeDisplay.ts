// How a store is shown, read from its profile (STORE_PROFILES[store].display), so a new
// store's profile entry brings its names, badge colour, ID words and credential fields
// with it. A store without a profile here (a newer main) still reads sensibly: its own
// name, a neutral badge, its ID kinds in plain words.
import { STORE_PROFILES, type StoreProfile } from '../../src-main/domain/profiles';
import type { CredentialFormField, StoreDisplay } from '../../src-main/domain/storeDisplay';

const profiles = STORE_PROFILES as Readonly<Record<string, StoreProfile | undefined>>;
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const generic = (store: string): StoreDisplay => ({
  name: cap(store),
  short: cap(store),
  // the Apple greys: neutral, and checked at 4.5:1 in both themes
  colour: { light: '#5f5f68', dark: '#b4b4be' },
  idWords: {},
  primaryIds: [],
  credentialFields: [],
});

export const displayOf = (store: string): StoreDisplay => profiles[store]?.display ?? generic(store);

/**
 * The form fields of a store without a form of its own: its display's, else the credential
 * its profile declares (credentialFields, which main validates: secrets/credentials.ts).
 */
export function credentialFormFields(store: string): readonly CredentialFormField[] {
  const shown = displayOf(store).credentialFields;
  if (shown.length > 0) return shown;
  return (profiles[store]?.credentialFields ?? []).map((f) => ({ key: f.name, label: f.label, kind: f.secret ? 'secret' : 'text' }));
}

/** Every store the profiles know, in their order. */
export const profiledStores = (): string[] => Object.keys(profiles);

/** The store an ID kind belongs to ("google_order_id" → google), from the profiles' ID words, else its prefix when a profile has that name. */
export function storeOfIdKind(kind: string): string | null {
  for (const store of profiledStores()) if (kind in displayOf(store).idWords) return store;
  const prefix = kind.split('_')[0] ?? '';
  return profiles[prefix] ? prefix : null;
}

/** The store tells only of a cancellation, which may hide a refund it never reports (Amazon RVS; the profile's access rule). */
export const cancellationMayHideRefund = (store: string | null): boolean => !!store && !!profiles[store]?.access.cancellationMayHideRefund;
