import type { Logger as BoltLogger, Installation, InstallationStore, StateStore, webApi } from '@slack/bolt';
import oauth from '@slack/oauth';
import { LRUCache } from 'lru-cache';
import type { Logger } from '../../log.js';
import type { InstallationKey, Installations, StoredInstallation } from '../../store/installations.js';
import { rejectionLog } from '../http/rejections.js';
import { BOT_SCOPES } from './manifest.js';
import { failurePage, installPage, PAGE_HEADERS, sendPage, successPage } from './oauth-pages.js';
import type { OAuthReceiverOptions } from './signed-receiver.js';

// A CommonJS package whose exports Node cannot name statically.
const { ClearStateStore, ErrorCode, InvalidStateError } = oauth;

/**
 * Slack OAuth distribution ("Add to Slack") with Bolt's own installer: it serves
 * /slack/install (a state signed with SLACK_STATE_SECRET, also set as a cookie in the browser),
 * checks on /slack/oauth_redirect that the state is genuine, unexpired (ten minutes) and the
 * one this browser was given, exchanges the code with oauth.v2.access, and hands the
 * installation to the store below. Each request is then answered with the token its workspace
 * installed, through Bolt's authorize, which reads the same store.
 *
 * What is added to Bolt: a state is accepted once (Bolt's state store would accept it again for
 * its ten minutes), pages with nothing fetched from elsewhere, and the Installations contract
 * behind Bolt's InstallationStore. Tokens go to the store and nowhere else.
 */

/** Bolt's default: a state is good for ten minutes after /slack/install issued it. */
export const STATE_TTL_S = 600;
/** States remembered as used; far more installs than ten minutes will see. */
const USED_STATES_MAX = 10_000;

/**
 * Bolt's signed state (ClearStateStore: a JWT over the install options and the time), used at
 * most once in this process. A second sighting is refused as an invalid state; across replicas
 * the code in the same redirect is single-use at Slack, so a replay elsewhere fails the exchange.
 */
export function oneTimeStateStore(stateSecret: string, now: () => number = Date.now): StateStore {
  const inner = new ClearStateStore(stateSecret, STATE_TTL_S);
  const used = new LRUCache<string, true>({ max: USED_STATES_MAX, ttl: (STATE_TTL_S + 60) * 1000, ttlResolution: 0, perf: { now } });
  return {
    generateStateParam: (options, at) => inner.generateStateParam(options, at),
    async verifyStateParam(at, state) {
      // Verified first, so a forged state never takes a place in the cache.
      const options = await inner.verifyStateParam(at, state);
      if (used.has(state)) throw new InvalidStateError('The state parameter was already used');
      used.set(state, true);
      return options;
    },
  };
}

function keyOf(query: { teamId?: string | undefined; enterpriseId?: string | undefined; isEnterpriseInstall?: boolean | undefined }): InstallationKey {
  return { teamId: query.teamId, enterpriseId: query.enterpriseId, isEnterpriseInstall: query.isEnterpriseInstall === true };
}

/** Bolt's Installation as the contract's row: the ids, the scopes, the installer, the token, and Bolt's own JSON. */
export function toStored(installation: Installation, at: number): StoredInstallation {
  const bot = installation.bot;
  if (!bot?.token) throw new Error('the installation carries no bot token; Wattson needs the bot scopes');
  return {
    teamId: installation.team?.id,
    enterpriseId: installation.enterprise?.id,
    isEnterpriseInstall: installation.isEnterpriseInstall === true,
    botToken: bot.token,
    botId: bot.id,
    botUserId: bot.userId,
    scopes: bot.scopes,
    installerUserId: installation.user.id,
    appId: installation.appId,
    installedAt: at,
    raw: JSON.stringify(installation),
  };
}

/** Bolt's InstallationStore over the Installations contract. */
export function installationStore(installations: Installations, log: Logger, now: () => number = Date.now): InstallationStore {
  return {
    async storeInstallation(installation) {
      const stored = toStored(installation, now());
      const before = await installations.find(stored);
      await installations.save(stored);
      log.info(
        { team: stored.teamId, enterprise: stored.enterpriseId, installer: stored.installerUserId, scopes: stored.scopes, reinstall: before !== undefined },
        before ? 'Slack workspace reinstalled Wattson' : 'Slack workspace installed Wattson',
      );
    },
    async fetchInstallation(query) {
      const found = await installations.find(keyOf(query));
      if (!found) throw new Error(`Wattson is not installed in ${query.isEnterpriseInstall ? `org ${query.enterpriseId}` : `workspace ${query.teamId}`}`);
      return JSON.parse(found.raw) as Installation;
    },
    async deleteInstallation(query) {
      await installations.remove(keyOf(query));
    },
  };
}

/** Slack's authorize page sits beside its Web API (https://slack.com/api/ → https://slack.com/oauth/v2/authorize); so does a test's fake. */
export function authorizeUrl(apiUrl: string | undefined): string {
  return apiUrl ? new URL('../oauth/v2/authorize', apiUrl).toString() : 'https://slack.com/oauth/v2/authorize';
}

const FLOW_ERRORS = new Set<string>([ErrorCode.MissingStateError, ErrorCode.InvalidStateError, ErrorCode.MissingCodeError, ErrorCode.AuthorizationError]);

function isFlowError(e: unknown): e is Error & { code: string } {
  return e instanceof Error && FLOW_ERRORS.has((e as { code?: string }).code ?? '');
}

/**
 * Bolt's installer logs every refused redirect (a forged, replayed or missing state, a Cancel)
 * as an error with its stack, and anyone can send one. Those become warnings, at most one line
 * a second; everything else passes through as it was.
 */
export function oauthLogger(logger: BoltLogger, now: () => number = Date.now): BoltLogger {
  const refused = rejectionLog((line) => logger.warn(line), now);
  return {
    debug: (...m) => logger.debug(...m),
    info: (...m) => logger.info(...m),
    warn: (...m) => logger.warn(...m),
    error: (...m) => {
      const flow = m.find(isFlowError);
      if (flow) refused(400, `an OAuth redirect (${flow.code}): ${flow.message}`);
      else logger.error(...m);
    },
    setLevel: (l) => logger.setLevel(l),
    getLevel: () => logger.getLevel(),
    setName: (n) => logger.setName(n),
  };
}

export interface OAuthSettings {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  apiUrl?: string | undefined;
  installations: Installations;
  clientOptions: webApi.WebClientOptions;
  log: Logger;
}

/** The receiver options that switch Bolt's HTTPReceiver to OAuth distribution. */
export function oauthReceiverOptions(s: OAuthSettings): OAuthReceiverOptions {
  return {
    clientId: s.clientId,
    clientSecret: s.clientSecret,
    installationStore: installationStore(s.installations, s.log.child({ component: 'slack' })),
    scopes: Object.keys(BOT_SCOPES),
    installerOptions: {
      stateStore: oneTimeStateStore(s.stateSecret),
      stateCookieExpirationSeconds: STATE_TTL_S,
      directInstall: false,
      authorizationUrl: authorizeUrl(s.apiUrl),
      clientOptions: s.clientOptions,
      renderHtmlForInstallPath: installPage,
      installPathOptions: {
        beforeRedirection: async (_req, res) => {
          for (const [k, v] of Object.entries(PAGE_HEADERS)) res.setHeader(k, v);
          return true;
        },
      },
      callbackOptions: {
        success: (installation, _options, _req, res) => sendPage(res, 200, successPage({ teamId: installation.team?.id, teamName: installation.team?.name })),
        failure: (error, _options, _req, res) => {
          // A bad state, or a code Slack refused (used, expired), is the visitor's to retry (400);
          // Slack unreachable or erring is 502; anything else (the store failing) is 500.
          const code = (error as { code?: string }).code ?? ErrorCode.UnknownError;
          const status = FLOW_ERRORS.has(code) || code === 'slack_webapi_platform_error' ? 400 : code.startsWith('slack_webapi_') ? 502 : 500;
          sendPage(res, status, failurePage(code));
        },
      },
    },
  };
}
