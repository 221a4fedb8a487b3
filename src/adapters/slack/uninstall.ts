import type { App } from '@slack/bolt';
import type { DailyService } from '../../daily/service.js';
import type { Logger } from '../../log.js';
import type { Installations } from '../../store/installations.js';

/**
 * A workspace that removes Wattson (`app_uninstalled`) or revokes its bot token
 * (`tokens_revoked`): its installation is deleted, so no answer or post uses the dead token
 * again, and its channels' daily subscriptions are paused with the reason, as /daily status
 * shows; installing again and `/wattson daily subscribe` resume them. Bolt delivers both
 * events without authorising them (the token is already gone), with the workspace in context.
 */

export interface UninstallDeps {
  /** Absent with one workspace's SLACK_BOT_TOKEN: there is no installation to delete. */
  installations?: Installations | undefined;
  daily?: DailyService | undefined;
  log: Logger;
}

interface Where {
  teamId?: string | undefined;
  enterpriseId?: string | undefined;
  isEnterpriseInstall?: boolean | undefined;
}

export function registerUninstall(app: App, deps: UninstallDeps): void {
  const log = deps.log.child({ component: 'slack' });
  const forget = async (where: Where, why: 'app_uninstalled' | 'tokens_revoked') => {
    const key = { teamId: where.teamId, enterpriseId: where.enterpriseId, isEnterpriseInstall: where.isEnterpriseInstall === true };
    const removed = (await deps.installations?.remove(key)) ?? false;
    const detail = why === 'app_uninstalled' ? 'Wattson was uninstalled from this workspace (app_uninstalled)' : "Wattson's bot token was revoked in this workspace (tokens_revoked)";
    // Subscriptions are per workspace; an org-wide install would need each workspace's id, and the manifest does not offer org deploys.
    const paused = where.teamId ? ((await deps.daily?.pauseSpace('slack', where.teamId, why === 'app_uninstalled' ? 'uninstalled' : 'tokens-revoked', detail)) ?? 0) : 0;
    log.info({ team: where.teamId, enterprise: where.enterpriseId, event: why, installationRemoved: removed, subscriptionsPaused: paused }, 'Slack workspace removed Wattson');
  };

  app.event('app_uninstalled', async ({ context }) => {
    await forget(context, 'app_uninstalled');
  });

  // Also sent when only user tokens go; Wattson holds none, so only the bot's matters.
  app.event('tokens_revoked', async ({ event, context }) => {
    if ((event.tokens.bot ?? []).length === 0) return;
    await forget(context, 'tokens_revoked');
  });
}
