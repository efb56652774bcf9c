// Store credentials as the renderer may know them: configured or not, mode, last test,
// what the key can do. Secrets go to main once, on save, and never come back.
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type {
  ConnectionReportDto,
  CredentialInput,
  CredentialStatusDto,
  DeskErrorDto,
  KeychainDto,
  Store,
} from '../../../src-main/ipc/contract';
import { STORES } from '../../../src-main/ipc/contract';
import { asDeskError, desk, unwrap } from '../ipc/client';

export type CredentialBusy = 'saving' | 'testing' | 'removing' | null;

const perStore = <T>(value: () => T) => Object.fromEntries(STORES.map((s) => [s, value()])) as Record<Store, T>;

export const useCredentialsStore = defineStore('credentials', () => {
  const statuses = ref<CredentialStatusDto[]>([]);
  const keychain = ref<KeychainDto | null>(null);
  const loaded = ref(false);
  const loadError = ref<DeskErrorDto | null>(null);
  const busy = ref<Record<Store, CredentialBusy>>(perStore<CredentialBusy>(() => null));
  const errors = ref<Record<Store, DeskErrorDto | null>>(perStore<DeskErrorDto | null>(() => null));
  const reports = ref<Record<Store, ConnectionReportDto | null>>(perStore<ConnectionReportDto | null>(() => null));
  let unsubscribe: (() => void) | null = null;

  const byStore = computed(() => {
    const map = perStore<CredentialStatusDto | null>(() => null);
    for (const s of statuses.value) map[s.store] = s;
    return map;
  });
  /** Credential actions are off when the keychain cannot be used; cached data still works. */
  const keychainOff = computed(() => keychain.value != null && !keychain.value.ok);
  const configuredCount = computed(() => statuses.value.filter((s) => s.configured).length);

  function replace(status: CredentialStatusDto) {
    const i = statuses.value.findIndex((s) => s.store === status.store);
    if (i >= 0) statuses.value.splice(i, 1, status);
    else statuses.value.push(status);
  }

  async function load() {
    unsubscribe ??= desk().on.onCredentialsChanged((dto) => {
      statuses.value = dto.stores;
    });
    try {
      const [status, chain] = await Promise.all([
        unwrap(desk().credentials.status({})),
        unwrap(desk().credentials.keychain({})),
      ]);
      statuses.value = status.stores;
      keychain.value = chain;
      loadError.value = null;
    } catch (error) {
      loadError.value = asDeskError(error);
    } finally {
      loaded.value = true;
    }
  }

  async function recheckKeychain() {
    try {
      keychain.value = await unwrap(desk().credentials.keychain({ recheck: true }));
    } catch (error) {
      loadError.value = asDeskError(error);
    }
  }

  async function run<T>(store: Store, what: Exclude<CredentialBusy, null>, call: () => Promise<T>): Promise<T | null> {
    if (busy.value[store]) return null;
    busy.value[store] = what;
    errors.value[store] = null;
    try {
      return await call();
    } catch (error) {
      errors.value[store] = asDeskError(error);
      return null;
    } finally {
      busy.value[store] = null;
    }
  }

  /** Validates and stores in main; true when stored. Main's message says what is wrong otherwise. */
  async function save(input: CredentialInput): Promise<boolean> {
    const status = await run(input.store, 'saving', () => unwrap(desk().credentials.set(input)));
    if (!status) return false;
    replace(status);
    reports.value[input.store] = null;
    return true;
  }

  async function test(store: Store): Promise<ConnectionReportDto | null> {
    const report = await run(store, 'testing', () => unwrap(desk().credentials.test({ store })));
    if (report) {
      reports.value[store] = report;
      // The status row carries the last test too; refresh it so both agree.
      const current = byStore.value[store];
      if (current) {
        replace({
          ...current,
          mode: report.mode ?? current.mode,
          lastTestedAt: report.testedAt,
          lastTestOk: report.ok,
          can: report.can,
          missing: report.missing,
          message: report.message,
        });
      }
    }
    return report;
  }

  async function remove(store: Store): Promise<boolean> {
    const status = await run(store, 'removing', () => unwrap(desk().credentials.remove({ store })));
    if (!status) return false;
    replace(status);
    reports.value[store] = null;
    return true;
  }

  function clearError(store: Store) {
    errors.value[store] = null;
  }

  return {
    statuses, keychain, loaded, loadError, busy, errors, reports,
    byStore, keychainOff, configuredCount,
    load, recheckKeychain, save, test, remove, clearError,
  };
});
