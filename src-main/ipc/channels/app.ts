// The app: channels: what the app is, whether it is online, and links out (through main).
import { z } from 'zod';
import { channel, event } from '../define';

export interface AppInfoDto {
  name: string;
  version: string;
  platform: string;
  /** Base name of the folder that holds the workspace databases (paths stay in main). */
  dataDir: string;
  workspace: { id: string; name: string; demo: boolean };
}

export interface OnlineDto {
  online: boolean;
  /** Epoch ms of the last moment the app knew it was online, for "cached data from 14:02". */
  since: number;
}

export const appChannels = {
  'app:info': channel<AppInfoDto>()(z.strictObject({})),
  'app:online': channel<OnlineDto>()(z.strictObject({})),
  'app:openExternal': channel<{ opened: boolean }>()(z.strictObject({ url: z.string().max(2048) })),
};

export const appEvents = {
  onOnlineChanged: event<OnlineDto>(),
};
