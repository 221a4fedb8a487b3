import { REST, Routes } from 'discord.js';
import type { Command } from '../../dispatch/command.js';
import { type CommandJSON, registrationBody } from './registration.js';

/** One bulk overwrite of every command: global, or to one guild for instant updates. */

export interface RegisterSettings {
  token: string;
  applicationId: string;
  guildId?: string;
  /** REST base without the version (DISCORD_API_URL); Discord's own when absent. */
  apiUrl?: string;
}

export interface Registered {
  scope: 'global' | 'guild';
  body: CommandJSON[];
  result: { id: string; name: string }[];
}

/** "http://host/api/" and "http://host/api" mean the same base; the library appends /v10. */
export function apiBase(url: string): string {
  return url.replace(/\/+$/, '');
}

export async function registerCommands(commands: readonly Command[], s: RegisterSettings): Promise<Registered> {
  const scope = s.guildId ? 'guild' : 'global';
  const body = registrationBody(commands, scope);
  const rest = new REST({ ...(s.apiUrl && { api: apiBase(s.apiUrl) }) }).setToken(s.token);
  const route = s.guildId ? Routes.applicationGuildCommands(s.applicationId, s.guildId) : Routes.applicationCommands(s.applicationId);
  const result = (await rest.put(route, { body })) as { id: string; name: string }[];
  return { scope, body, result };
}
