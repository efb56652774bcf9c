import { z } from 'zod';
import { channel, event } from '../define';

export interface WorkspaceDto {
  id: string;
  name: string;
  demo: boolean;
  /** Base name of the workspace's SQLite file (paths stay in main). */
  file: string;
  /** Base name of the folder that holds every workspace (paths stay in main). */
  dataDir: string;
  agentName: string;
  osUser: string;
  /** Stripe customer metadata key that holds the app's user ID. */
  stripeMetadataKey: string;
}

/**
 * A migration's progress while the workspace opens (migration 006 rebuilds the payment
 * ledger from every stored money event of an existing workspace, which takes a while on a
 * large one). `done` of `total` events; `migration` names the step ("ledger").
 */
export interface MigrationProgressDto {
  migration: string;
  done: number;
  total: number;
}

export interface WorkspaceSummaryDto {
  id: string;
  name: string;
  demo: boolean;
}

export interface WorkspaceListDto {
  /** The workspace this run has open. */
  current: string;
  /** The workspace the next start opens: differs from `current` after a create or switch, until the restart. */
  selected: string;
  workspaces: WorkspaceSummaryDto[];
}

export interface WorkspaceChangeDto {
  workspace: WorkspaceSummaryDto;
  /** The services keep one database open per run: another workspace opens after a restart. */
  restartRequired: boolean;
}

export const WORKSPACE_NAME_MAX = 80;
export const AGENT_NAME_MAX = 80;

/**
 * Control characters break lines in the audit log and its CSV; bidi controls (and the
 * invisible marks beside them) make a name read differently from what is stored, e.g.
 * "Ann" followed by a right-to-left override. Such a name ends up in refund intents.
 */
// eslint-disable-next-line no-control-regex -- control and bidi characters are exactly what is refused
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const BIDI = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/;
const CONTROL_WORDS = 'Use letters, digits, spaces and punctuation only (no line breaks or tabs).';
const BIDI_WORDS = 'Use letters, digits, spaces and punctuation only (no invisible text-direction marks).';

/**
 * Why a workspace name is not acceptable, in words; null when it is. Shared by main's
 * schema and the renderer's form, so both say the same thing.
 */
export function workspaceNameProblem(raw: string): string | null {
  const name = raw.trim();
  if (!name) return 'Give the workspace a name, for example your team or app.';
  if (name.length > WORKSPACE_NAME_MAX) return `Keep the name to ${WORKSPACE_NAME_MAX} characters or fewer.`;
  if (CONTROL.test(name)) return CONTROL_WORDS;
  if (BIDI.test(name)) return BIDI_WORDS;
  return null;
}

/** Why an agent name is not acceptable, in words; null when it is (an empty name is allowed: the OS user stands in). */
export function agentNameProblem(raw: string): string | null {
  const name = raw.trim();
  if (name.length > AGENT_NAME_MAX) return `Keep your name to ${AGENT_NAME_MAX} characters or fewer.`;
  if (CONTROL.test(name)) return CONTROL_WORDS;
  if (BIDI.test(name)) return BIDI_WORDS;
  return null;
}

const agentName = z.string().max(200).superRefine((value, ctx) => {
  const problem = agentNameProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
}).transform((value) => value.trim());

const workspaceName = z.string().max(200).superRefine((value, ctx) => {
  const problem = workspaceNameProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
}).transform((value) => value.trim());

export const workspaceId = z.string().regex(/^[a-z0-9-]{1,40}$/, 'not a workspace ID');

export const workspaceChannels = {
  'workspace:get': channel<WorkspaceDto>()(z.strictObject({})),
  'workspace:update': channel<WorkspaceDto>()(
    z.strictObject({
      agentName: agentName.optional(),
      stripeMetadataKey: z.string().trim().regex(/^[A-Za-z0-9_.-]{1,40}$/, 'letters, digits, _ . - only').optional(),
    }),
  ),
  'workspace:list': channel<WorkspaceListDto>()(z.strictObject({})),
  /** A new, empty (non-demo) workspace, selected for the next start; main then restarts. */
  'workspace:create': channel<WorkspaceChangeDto>()(z.strictObject({ name: workspaceName })),
  /** Selects a listed workspace for the next start; main then restarts (not when it is already open). */
  'workspace:switch': channel<WorkspaceChangeDto>()(z.strictObject({ id: workspaceId })),
};

export const workspaceEvents = {
  onMigrationProgress: event<MigrationProgressDto>(),
};
