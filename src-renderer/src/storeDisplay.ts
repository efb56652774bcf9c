// How a store is shown, read from its profile (its name, STORE_PROFILES[store].display and
// its declared credential), so a new store's profile entry brings its names, badge colour,
// ID words and credential fields with it. A store without a profile here (a newer main) still reads sensibly: its own
// name, a neutral badge, its ID kinds in plain words.
import { STORE_PROFILES, type StoreProfile } from '../../src-main/domain/profiles';
import type { StoreDisplay } from '../../src-main/domain/storeDisplay';

const profiles = STORE_PROFILES as Readonly<Record<string, StoreProfile | undefined>>;
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const generic = (store: string): StoreDisplay & { name: string } => ({
  name: cap(store),
  short: cap(store),
  // the Apple greys: neutral, and checked at 4.5:1 in both themes
  colour: { light: '#5f5f68', dark: '#b4b4be' },
  idWords: {},
  primaryIds: [],
});

export function displayOf(store: string): StoreDisplay & { name: string } {
  const p = profiles[store];
  return p ? { name: p.name, ...p.display } : generic(store);
}

/** One field of the generic credential form. */
export interface CredentialFormField {
  /** The field's name in the credential (`fields` of credentials:set). */
  key: string;
  label: string;
  /** secret: typed, never shown back; text: an identifier; file: pasted or picked (a key file). */
  kind: 'secret' | 'text' | 'file';
  placeholder?: string;
  hint?: string;
  optional?: boolean;
}

/** The form of a store without one of its own: the credential its profile declares, which main validates (secrets/validate.ts). */
export function credentialFormFields(store: string): CredentialFormField[] {
  return (profiles[store]?.credentialFields ?? []).map((f) => ({
    key: f.name,
    label: f.label,
    kind: f.file ? 'file' : f.secret ? 'secret' : 'text',
    placeholder: f.placeholder,
    hint: f.hint,
    optional: f.optional,
  }));
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
