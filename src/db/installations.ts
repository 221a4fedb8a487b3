import type { InstallationKey, Installations, StoredInstallation } from '../store/installations.js';
import type { Database, Row } from './sql.js';

/**
 * Slack installations in the shared database (table slack_installations), so that every
 * replica answers a workspace with that workspace's own token. The token is a column like any
 * other here and is never put in a log line or an error message by this module.
 */

/**
 * The one key Bolt looks an installation up by: the org for an org-wide (Enterprise Grid)
 * install, otherwise the workspace, whose id is unique across Slack.
 */
export function installKey(key: InstallationKey): string {
  if (key.isEnterpriseInstall) {
    if (!key.enterpriseId) throw new Error('an enterprise install needs its enterpriseId');
    return `enterprise:${key.enterpriseId}`;
  }
  if (!key.teamId) throw new Error('a workspace install needs its teamId');
  return `team:${key.teamId}`;
}

function toInstallation(r: Row): StoredInstallation {
  const opt = (name: string) => (r[name] as string | null) ?? undefined;
  const scopes = r['scopes'] as string;
  return {
    teamId: opt('team_id'),
    enterpriseId: opt('enterprise_id'),
    isEnterpriseInstall: r['is_enterprise_install'] === 1,
    botToken: r['bot_token'] as string,
    botId: opt('bot_id'),
    botUserId: opt('bot_user_id'),
    scopes: scopes ? scopes.split(',') : [],
    installerUserId: opt('installer_user_id'),
    appId: opt('app_id'),
    installedAt: r['installed_at'] as number,
    raw: r['raw'] as string,
  };
}

export function installationStore(db: Database): Installations {
  return {
    async save(i) {
      // A reinstall replaces the token, scopes and installer; when it was first installed stays.
      await db.run(
        `INSERT INTO slack_installations (install_key, team_id, enterprise_id, is_enterprise_install, bot_token, bot_id, bot_user_id, scopes, installer_user_id, app_id, installed_at, first_installed_at, raw)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (install_key) DO UPDATE SET team_id = excluded.team_id, enterprise_id = excluded.enterprise_id, bot_token = excluded.bot_token,
           bot_id = excluded.bot_id, bot_user_id = excluded.bot_user_id, scopes = excluded.scopes, installer_user_id = excluded.installer_user_id,
           app_id = excluded.app_id, installed_at = excluded.installed_at, raw = excluded.raw`,
        [
          installKey(i),
          i.teamId ?? null,
          i.enterpriseId ?? null,
          i.isEnterpriseInstall ? 1 : 0,
          i.botToken,
          i.botId ?? null,
          i.botUserId ?? null,
          i.scopes.join(','),
          i.installerUserId ?? null,
          i.appId ?? null,
          i.installedAt,
          i.installedAt,
          i.raw,
        ],
      );
    },
    async find(key) {
      const r = await db.get('SELECT * FROM slack_installations WHERE install_key = ?', [installKey(key)]);
      return r ? toInstallation(r) : undefined;
    },
    async remove(key) {
      return (await db.run('DELETE FROM slack_installations WHERE install_key = ?', [installKey(key)])) > 0;
    },
  };
}
