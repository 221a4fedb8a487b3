/**
 * Slack workspaces that installed Wattson through "Add to Slack" (OAuth distribution). The
 * shape the Slack adapter stores and finds installations in; the database layer keeps them
 * (SQLite by default, Postgres with DATABASE_URL). Bot tokens are stored here and nowhere
 * else, and never logged.
 */

export interface InstallationKey {
  /** Absent for an org-wide (enterprise) install. */
  teamId?: string | undefined;
  enterpriseId?: string | undefined;
  isEnterpriseInstall: boolean;
}

export interface StoredInstallation extends InstallationKey {
  botToken: string;
  botId?: string | undefined;
  botUserId?: string | undefined;
  scopes: readonly string[];
  installerUserId?: string | undefined;
  appId?: string | undefined;
  installedAt: number;
  /** Bolt's own Installation object, as JSON, so that fetchInstallation returns exactly what was stored. */
  raw: string;
}

export interface Installations {
  /** Saves or replaces the installation for its key (a reinstall replaces the token and scopes). */
  save(installation: StoredInstallation): Promise<void>;
  find(key: InstallationKey): Promise<StoredInstallation | undefined>;
  /** Removes it (app_uninstalled, tokens_revoked); true when there was one. */
  remove(key: InstallationKey): Promise<boolean>;
}
