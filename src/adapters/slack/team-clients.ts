import type { webApi } from '@slack/bolt';
import { LRUCache } from 'lru-cache';
import type { Installations } from '../../store/installations.js';
import type { ClientFor } from './daily-deliver.js';

/**
 * Daily posts with OAuth distribution: each one goes out with the token of the workspace the
 * channel belongs to (the subscription's space), read from the installation at the time of the
 * post, so a reinstall's new token is used from its next post and an uninstalled workspace
 * gets no post at all (its subscriptions are paused, as Slack's token_revoked would).
 * Clients are kept per workspace and token, a bounded number of them.
 */
export function teamClients(installations: Installations, make: (token: string) => webApi.WebClient, max = 1000): ClientFor {
  const clients = new LRUCache<string, { token: string; client: webApi.WebClient }>({ max });
  return async (target) => {
    const teamId = target.spaceId;
    if (!teamId) return { ok: false, kind: 'removed', detail: 'no Slack workspace recorded for this channel; subscribe it again' };
    const installation = await installations.find({ teamId, isEnterpriseInstall: false });
    if (!installation) {
      clients.delete(teamId);
      return { ok: false, kind: 'removed', detail: `Wattson is not installed in workspace ${teamId}` };
    }
    const known = clients.get(teamId);
    if (known?.token === installation.botToken) return known.client;
    const client = make(installation.botToken);
    clients.set(teamId, { token: installation.botToken, client });
    return client;
  };
}
