// Wires the main-process services. Plain Node: the Electron shell (shell/main.ts) and the
// e2e test host both call this, so the renderer talks to the same handlers in both.
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { AgentIdentity, Emit, HandlerContext } from './ipc/context';
import { DeskError, STORES, type Handlers, type Store } from './ipc/contract';
import { createAppHandlers } from './app/handlers';
import { createFileHandlers } from './transfer/handlers';
import { createUpdateHandlers, NO_UPDATER, type UpdaterControl } from './updates/handlers';
import { createOnlineMonitor, type OnlineMonitor } from './app/online';
import { createCacheHandlers } from './customers/handlers';
import { createTransferOps } from './transfer/ops';
import { createInsightsHandlers, createInsightsRunner } from './insights';
import { createDbWorkerRunner, isInMemory } from './worker/runner';
import { createConsumptionService, syncRefundRequests } from './refunds/consumption';
import { createRequestHandlers } from './requests/handlers';
import type { ConfirmRefund } from './refunds/confirm';
import { createAuditHandlers } from './audit/handlers';
import { createRefundHandlers } from './refunds/handlers';
import { createRefundService } from './refunds/service';
import { createCredentialService } from './secrets/credentialService';
import { createCredentialHandlers } from './credentials/handlers';
import { createKeytarSecretStore } from './secrets/keytarStore';
import type { SecretStore } from './secrets/secretStore';
import type { StoreAdapter } from './stores/adapter';
import { createAdapter, type StoreEndpoints } from './stores/registry';
import { createStoreLookups } from './db/storeLookups';
import { createSyncEngine, type SyncAccount } from './sync/engine';
import { createSyncHandlers } from './sync/handlers';
import { createLookupHandlers } from './lookup/handlers';
import { openCurrentWorkspace, readSettings, workspacesDir, type OpenWorkspace } from './workspace';
import { createWorkspaceHandlers } from './workspace/handlers';

export interface ServiceOptions {
  userDataDir: string;
  appName: string;
  version: string;
  platform: string;
  osUser: string;
  /** Where resources/ is (Apple's root certificate). */
  resourcesDir: string;
  emit: Emit;
  openExternal(url: string): Promise<boolean>;
  /** Main's save dialog; the renderer never names a path to write. Null: the agent cancelled. */
  chooseSaveFile?(kind: 'csv' | 'export', suggestedName: string): Promise<string | null>;
  /** Main's open dialog (src-main/shell/dialogs.ts); the renderer gets a token, never the path. Null: cancelled. */
  chooseOpenFile?(kind: 'import'): Promise<string | null>;
  /**
   * Main's own confirmation of each refund (src-main/shell/dialogs.ts createConfirmDialog in the
   * app). Absent in plain-Node hosts (tests, the e2e host), which have no page to distrust:
   * refunds then go ahead as the caller asked.
   */
  confirmRefund?: ConfirmRefund;
  /** electron-updater in the app (src-main/shell/updater.ts); absent in plain Node and the e2e host. */
  updater?: UpdaterControl;
  /** The OS keychain by default; tests may pass another SecretStore. */
  secretStore?: SecretStore;
  /** Tests point the store adapters at local servers. */
  endpoints?: StoreEndpoints;
  now?: () => number;
  /** Scheduled sync interval; 0 turns the schedule off (tests sync on request). */
  syncIntervalMs?: number;
  /**
   * Quits and starts the app again, so that the workspace selected by workspace:create or
   * workspace:switch opens (Electron: app.relaunch + exit; the e2e host records the call).
   * Absent, the selection waits for the next start.
   */
  restart?: () => void;
}

export interface Services {
  handlers: Handlers<HandlerContext>;
  context: HandlerContext;
  online: OnlineMonitor;
  workspace: OpenWorkspace;
  /** Keychain probe, adapters from stored credentials, reconciliation of open refund intents, sync schedule. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export function createServices(options: ServiceOptions): Services {
  const now = options.now ?? Date.now;
  const dataDir = workspacesDir(options.userDataDir);
  const workspace = openCurrentWorkspace(dataDir, { onProgress: (p) => options.emit('onMigrationProgress', p) });
  const { db } = workspace;
  const agent = (): AgentIdentity => ({ osUser: options.osUser, name: readSettings(db).agentName });
  const context: HandlerContext = {
    get agent() {
      return agent();
    },
    emit: options.emit,
  };

  // Adapters are built from the keychain's credentials, and rebuilt when they change.
  let adapters = new Map<Store, StoreAdapter>();
  // The registry reads no db: what stores may ask the cache arrives as functions.
  const registry = { ...createStoreLookups(db), resourcesDir: options.resourcesDir, endpoints: options.endpoints, now, stripeMetadataKey: () => readSettings(db).stripeMetadataKey };
  // Reloads run one after another, and each builds a new map before swapping it in, so
  // no store looks unconfigured while the keychain is being read.
  let reloading: Promise<void> = Promise.resolve();
  let closed = false;
  function reloadAdapters(): Promise<void> {
    reloading = reloading.then(async () => {
      const next = new Map<Store, StoreAdapter>();
      for (const store of STORES) {
        const credential = await credentials.get(store).catch(() => null);
        if (closed) return;
        if (credential) next.set(store, createAdapter(credential, registry));
      }
      adapters = next;
    }).catch((error: unknown) => {
      console.error(`[services] store adapters not reloaded: ${error instanceof Error ? error.message : 'unknown error'}`);
    });
    return reloading;
  }

  const online: OnlineMonitor = createOnlineMonitor((name, payload) => {
    options.emit(name, payload);
    // Offline, the engine stops trying and says why; back online, it resumes every account.
    engine.setOnline(online.current().online);
  }, now);

  const credentials = createCredentialService({
    secrets: options.secretStore ?? createKeytarSecretStore(),
    workspaceId: workspace.entry.id,
    db,
    now,
    adapterFor: (credential) => createAdapter(credential, registry),
    emit: (name, payload) => {
      options.emit(name, payload);
      if (name === 'onCredentialsChanged') void reloadAdapters();
    },
  });

  const consumption = createConsumptionService({
    db,
    now,
    sendConsumption: (transactionId, answer) => {
      const consumption = adapters.get('apple')?.consumption;
      if (!consumption) throw new DeskError('not_configured', 'Add the Apple In-App Purchase key in Settings to answer Apple.');
      return consumption.send(transactionId, answer);
    },
  });

  const engine = createSyncEngine({
    db,
    now,
    intervalMs: options.syncIntervalMs,
    isOnline: () => online.current().online,
    adapters: () => new Map<string, SyncAccount>([...adapters].map(([store, adapter]) => [store, { store, adapter }])),
    emit: (name, payload) => {
      options.emit(name, payload as never);
      // Apple's consumption requests open (and their outcomes link) from what a sync wrote.
      if (name === 'onSyncStatus' && 'state' in payload && payload.store === 'apple' && payload.state === 'idle') {
        syncRefundRequests(db, now());
        options.emit('onRequestsChanged', consumption.summary());
      }
    },
  });

  // Insights read a whole period: a worker with its own read-only connection keeps them
  // off the main process (DESIGN §8: no query may block main for more than 50 ms).
  const insights = createInsightsRunner();
  // Search too (issue 20: a short prefix over 1M purchases held main for over 100 ms): its
  // own worker, so that a long report never delays the search box.
  const searches = createDbWorkerRunner({ name: 'Search', timeoutMs: 10_000 });
  // Exports read the whole workspace (or a 100,000-event customer): a worker of their own,
  // so an export never delays a search; a 1M-purchase workspace takes minutes.
  const exports = createDbWorkerRunner({ name: 'The export', timeoutMs: 60 * 60_000 });

  const refunds = createRefundService({
    db,
    now,
    newId: randomUUID,
    isOnline: () => online.current().online,
    adapterFor: (store) => adapters.get(store) ?? null,
    emit: options.emit,
    // The totals scan every payment of a purchase (100,000 for an hourly renewal): in the
    // read worker, not on main (issue 20).
    purchaseTotals: (store, purchaseId) => searches.run(db, 'purchaseTotals', { store, purchaseId }),
  });

  const chooseCsv = options.chooseSaveFile ? (name: string) => options.chooseSaveFile!('csv', name) : undefined;
  const noDialog = async (): Promise<never> => {
    throw new DeskError('internal', 'No file dialog is available in this window.');
  };
  const handlers: Handlers<HandlerContext> = {
    ...createAppHandlers({
      info: () => ({
        name: options.appName,
        version: options.version,
        platform: options.platform,
        // A base name: absolute paths (with the OS user's home folder) never cross IPC.
        dataDir: basename(dataDir),
        workspace: { id: workspace.entry.id, name: workspace.entry.name, demo: workspace.entry.demo },
      }),
      online,
      openExternal: options.openExternal,
    }),
    // The customer's spent sums scan every payment of theirs: in the read worker (issue 20).
    ...createCacheHandlers({ db, userDataDir: options.userDataDir, spentOf: (customerId) => searches.run(db, 'paidByCurrency', { customerId }) }),
    'customers:search': ({ query, limit }) => searches.run(db, 'search', { query, limit }),
    ...createFileHandlers({
      chooseOpenFile: options.chooseOpenFile ?? noDialog,
      chooseSaveFile: options.chooseSaveFile ?? noDialog,
      transfer: createTransferOps({ db, userDataDir: options.userDataDir, exports, importOffMain: !isInMemory(db) }),
      workspaceName: () => workspace.entry.name,
      now,
    }),
    ...createUpdateHandlers(options.updater ?? NO_UPDATER),
    // The change fired onCredentialsChanged, which queued a reload: `reloading` is its tail.
    ...createCredentialHandlers(credentials, { adaptersReloaded: () => reloading }),
    ...createSyncHandlers(engine),
    ...createLookupHandlers({ db, adapters: () => adapters, isOnline: () => online.current().online, now }),
    ...createRefundHandlers(refunds, options.confirmRefund && { db, confirm: options.confirmRefund }),
    ...createAuditHandlers(db, { chooseCsvFile: chooseCsv && (() => chooseCsv('audit-log.csv')) }),
    ...createRequestHandlers(consumption),
    ...createInsightsHandlers(db, { chooseCsvFile: chooseCsv, runner: insights }),
    ...createWorkspaceHandlers({ dataDir, workspace, osUser: options.osUser, now, restart: options.restart }),
  };

  return {
    handlers,
    context,
    online,
    workspace,
    async start() {
      await credentials.keychain();
      await reloadAdapters();
      // Intents a previous run left open (a crash between request and answer) are settled
      // with the store before any new refund; a store that cannot be reached keeps them unknown.
      await refunds.reconcileAll(agent()).catch(() => undefined);
      syncRefundRequests(db, now());
      // The search thread starts now (its start costs main ~15 ms of CPU), not on the
      // agent's first keystroke; its connection opens with this empty search.
      void searches.run(db, 'search', { query: '', limit: 1 }).catch(() => undefined);
      if (options.syncIntervalMs !== 0) engine.start();
    },
    async close() {
      closed = true;
      await engine.stop();
      await reloading;
      await insights.close();
      await searches.close();
      await exports.close();
      db.close();
    },
  };
}
