import { commands } from '../../../commands/index.js';
import { ConfigError, loadConfig } from '../../config.js';
import { registerCommands } from './register.js';

/**
 * `npm run discord:register`: pushes the registry's slash commands to Discord in one PUT.
 * Exit status: 0 registered, 1 Discord refused, 2 missing or invalid settings.
 */

const MISSING = `Registering the slash commands needs two settings:
  DISCORD_TOKEN           the bot token (Developer Portal → your application → Bot → Reset Token)
  DISCORD_APPLICATION_ID  the application id (Developer Portal → General Information)
Optional: DISCORD_GUILD_ID to register to one server (instant), DISCORD_API_URL for a proxy.
Example: DISCORD_TOKEN=… DISCORD_APPLICATION_ID=123456789012345678 npm run discord:register
`;

async function main(): Promise<number> {
  let env: ReturnType<typeof loadConfig>['env'];
  try {
    env = loadConfig().env;
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      return 2;
    }
    throw err;
  }
  if (!env.DISCORD_TOKEN || !env.DISCORD_APPLICATION_ID) {
    process.stderr.write(MISSING);
    return 2;
  }
  try {
    const r = await registerCommands(commands, {
      token: env.DISCORD_TOKEN,
      applicationId: env.DISCORD_APPLICATION_ID,
      ...(env.DISCORD_GUILD_ID && { guildId: env.DISCORD_GUILD_ID }),
      ...(env.DISCORD_API_URL && { apiUrl: env.DISCORD_API_URL }),
    });
    const where = r.scope === 'guild' ? `to server ${env.DISCORD_GUILD_ID} (available now)` : 'globally (new commands can take a few minutes to show in clients)';
    process.stdout.write(`Registered ${r.result.length} commands ${where}: ${r.result.map((c) => `/${c.name}`).join(', ')}\n`);
    return 0;
  } catch (err) {
    // The library's error names the status and Discord's message; it never carries the token.
    const status = typeof err === 'object' && err && 'status' in err ? ` (HTTP ${String(err.status)})` : '';
    process.stderr.write(`Discord refused the registration${status}: ${err instanceof Error ? err.message : String(err)}\n`);
    if (status.includes('401')) process.stderr.write('Check DISCORD_TOKEN: it must be the bot token of the application DISCORD_APPLICATION_ID.\n');
    return 1;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`discord:register stopped: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
