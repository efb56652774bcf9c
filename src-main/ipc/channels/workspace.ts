import { z } from 'zod';
import { channel } from '../define';

export interface WorkspaceDto {
  id: string;
  name: string;
  demo: boolean;
  /** The workspace's SQLite file. */
  file: string;
  /** The folder that holds every workspace. */
  dataDir: string;
  agentName: string;
  osUser: string;
  /** Stripe customer metadata key that holds the app's user ID. */
  stripeMetadataKey: string;
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

/**
 * Why a workspace name is not acceptable, in words; null when it is. Shared by main's
 * schema and the renderer's form, so both say the same thing.
 */
export function workspaceNameProblem(raw: string): string | null {
  const name = raw.trim();
  if (!name) return 'Give the workspace a name, for example your team or app.';
  if (name.length > WORKSPACE_NAME_MAX) return `Keep the name to ${WORKSPACE_NAME_MAX} characters or fewer.`;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'Use letters, digits, spaces and punctuation only (no line breaks or tabs).';
  return null;
}

const workspaceName = z.string().max(200).superRefine((value, ctx) => {
  const problem = workspaceNameProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
}).transform((value) => value.trim());

export const workspaceId = z.string().regex(/^[a-z0-9-]{1,40}$/, 'not a workspace ID');

export const workspaceChannels = {
  'workspace:get': channel<WorkspaceDto>()(z.strictObject({})),
  'workspace:update': channel<WorkspaceDto>()(
    z.strictObject({
      agentName: z.string().trim().max(80).optional(),
      stripeMetadataKey: z.string().trim().regex(/^[A-Za-z0-9_.-]{1,40}$/, 'letters, digits, _ . - only').optional(),
    }),
  ),
  'workspace:list': channel<WorkspaceListDto>()(z.strictObject({})),
  /** A new, empty (non-demo) workspace, selected for the next start; main then restarts. */
  'workspace:create': channel<WorkspaceChangeDto>()(z.strictObject({ name: workspaceName })),
  /** Selects a listed workspace for the next start; main then restarts (not when it is already open). */
  'workspace:switch': channel<WorkspaceChangeDto>()(z.strictObject({ id: workspaceId })),
};
