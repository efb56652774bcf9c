// The workspace: channels: the open workspace's settings, and creating or switching
// workspaces. A run keeps one database open (every service holds its handle), so a change
// of workspace is written to the list, audited in the workspace that is open, and then
// the app restarts to open the other one.
import { basename } from 'node:path';
import type { WorkspaceDto, WorkspaceSummaryDto } from '../ipc/channels/workspace';
import type { HandlerContext, PrefixHandlers } from '../ipc/context';
import { appendAudit, insertAudit } from '../db/audit';
import { withFullSync } from '../db/connection';
import {
  addWorkspace,
  createWorkspaceFile,
  listWorkspaces,
  readSettings,
  selectWorkspace,
  workspaceEntry,
  writeSettings,
  type OpenWorkspace,
  type WorkspaceEntry,
} from './index';

export interface WorkspaceHandlerDeps {
  /** The folder that holds workspaces.json and every workspace's file. */
  dataDir: string;
  /** The workspace this run has open. */
  workspace: OpenWorkspace;
  osUser: string;
  now: () => number;
  /** Quits and starts the app again (Electron: app.relaunch + exit); absent, the change waits for the next start. */
  restart?: () => void;
}

const summary = (w: WorkspaceEntry): WorkspaceSummaryDto => ({ id: w.id, name: w.name, demo: w.demo });

export function createWorkspaceHandlers(deps: WorkspaceHandlerDeps): PrefixHandlers<'workspace'> {
  const { dataDir, workspace } = deps;
  const { db } = workspace;
  const dto = (): WorkspaceDto => ({
    id: workspace.entry.id,
    name: workspace.entry.name,
    demo: workspace.entry.demo,
    // Base names only: absolute paths (with the OS user's home) stay in main.
    file: basename(workspace.file),
    dataDir: basename(dataDir),
    osUser: deps.osUser,
    ...readSettings(db),
  });

  // After the answer is on its way: a restart from inside the handler would drop it, and
  // the renderer would never say what is happening.
  const restartSoon = () => {
    if (deps.restart) setTimeout(deps.restart, 0);
  };

  /** The audit row and the list change commit together: no audited switch that did not happen. */
  function audited(ctx: HandlerContext, action: string, to: WorkspaceEntry, change: () => void) {
    const detail = { from: workspace.entry.id, fromName: workspace.entry.name, to: to.id, toName: to.name };
    try {
      withFullSync(db, () => {
        insertAudit(db, { agent: ctx.agent, action, target: `workspace:${to.id}`, result: 'ok', detail }, deps.now());
        change();
      });
    } catch (error) {
      appendAudit(db, { agent: ctx.agent, action, target: `workspace:${to.id}`, result: 'failed', detail: { ...detail, message: (error as Error).message } }, deps.now());
      throw error;
    }
  }

  return {
    'workspace:get': () => dto(),
    'workspace:update': (patch, ctx) => {
      // The agent's name is written into refund intents and the audit log: a rename is
      // audited with both names, in the same transaction as the change.
      const before = readSettings(db).agentName;
      withFullSync(db, () => {
        writeSettings(db, patch);
        if (patch.agentName !== undefined && patch.agentName !== before) {
          insertAudit(db, { agent: ctx.agent, action: 'workspace.agentName', target: `workspace:${workspace.entry.id}`, result: 'ok', detail: { from: before, to: patch.agentName } }, deps.now());
        }
      });
      return dto();
    },
    'workspace:list': () => {
      const list = listWorkspaces(dataDir);
      return { current: workspace.entry.id, selected: list.current, workspaces: list.workspaces.map(summary) };
    },
    'workspace:create': ({ name }, ctx) => {
      const entry = createWorkspaceFile(dataDir, name, { agentName: readSettings(db).agentName });
      audited(ctx, 'workspace.create', entry, () => addWorkspace(dataDir, entry));
      restartSoon();
      return { workspace: summary(entry), restartRequired: true };
    },
    'workspace:switch': ({ id }, ctx) => {
      const list = listWorkspaces(dataDir);
      const target = workspaceEntry(list, id);
      if (list.current !== id) audited(ctx, 'workspace.switch', target, () => selectWorkspace(dataDir, id));
      // Back to the workspace that is open: nothing to reopen.
      const restartRequired = id !== workspace.entry.id;
      if (restartRequired) restartSoon();
      return { workspace: summary(target), restartRequired };
    },
  };
}
