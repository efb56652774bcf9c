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

export const workspaceChannels = {
  'workspace:get': channel<WorkspaceDto>()(z.strictObject({})),
  'workspace:update': channel<WorkspaceDto>()(
    z.strictObject({
      agentName: z.string().trim().max(80).optional(),
      stripeMetadataKey: z.string().trim().regex(/^[A-Za-z0-9_.-]{1,40}$/, 'letters, digits, _ . - only').optional(),
    }),
  ),
};
