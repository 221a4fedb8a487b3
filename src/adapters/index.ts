import type { Platform } from '../config.js';
import type { StartAdapter } from './contract.js';

/**
 * The platforms Wattson can serve, each loaded only when its settings are present, so the
 * console never pays for discord.js or Bolt. A new platform is one entry here and one folder.
 */
export const ADAPTERS: Record<Platform, () => Promise<StartAdapter>> = {
  discord: async () => (await import('./discord/index.js')).startDiscord,
  'discord-http': async () => (await import('./discord/http/index.js')).startDiscordHttp,
  slack: async () => (await import('./slack/index.js')).startSlack,
};
