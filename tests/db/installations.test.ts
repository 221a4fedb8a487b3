import { afterAll, describe, expect, it } from 'vitest';
import { installationStore, installKey } from '../../src/db/installations.js';
import { openAt } from '../../src/db/open.js';
import type { Database } from '../../src/db/sql.js';
import type { StoredInstallation } from '../../src/store/installations.js';
import { ENGINES, freshLocation, tmpDirs } from '../daily/helpers.js';

const dirs = tmpDirs();
const open: Database[] = [];
afterAll(async () => {
  await Promise.all(open.map((d) => d.close()));
  dirs.cleanup();
});

const workspace = (teamId: string, token: string, over: Partial<StoredInstallation> = {}): StoredInstallation => ({
  teamId,
  isEnterpriseInstall: false,
  botToken: token,
  botId: 'B1',
  botUserId: 'U0BOT',
  scopes: ['chat:write', 'commands', 'users:read'],
  installerUserId: 'U0ADMIN',
  appId: 'A0APP',
  installedAt: 1_741_600_000_000,
  raw: JSON.stringify({ team: { id: teamId }, bot: { token } }),
  ...over,
});

describe.each(ENGINES)('Slack installations (%s)', (engine) => {
  const db = async () => {
    const d = await openAt(await freshLocation(engine, dirs));
    open.push(d);
    return d;
  };

  it('saves, finds and removes a workspace install, every field as stored', async () => {
    const store = installationStore(await db());
    const t1 = workspace('T0ONE', 'xoxb-one');
    await store.save(t1);
    expect(await store.find({ teamId: 'T0ONE', isEnterpriseInstall: false })).toEqual({ ...t1, enterpriseId: undefined });
    expect(await store.find({ teamId: 'T0OTHER', isEnterpriseInstall: false })).toBeUndefined();
    expect(await store.remove({ teamId: 'T0ONE', isEnterpriseInstall: false })).toBe(true);
    expect(await store.remove({ teamId: 'T0ONE', isEnterpriseInstall: false })).toBe(false);
    expect(await store.find({ teamId: 'T0ONE', isEnterpriseInstall: false })).toBeUndefined();
  });

  it('a reinstall replaces the token, scopes and installer, and keeps when it was first installed', async () => {
    const d = await db();
    const store = installationStore(d);
    await store.save(workspace('T0ONE', 'xoxb-old', { scopes: ['chat:write'] }));
    await store.save(workspace('T0ONE', 'xoxb-new', { installerUserId: 'U0SECOND', installedAt: 1_741_700_000_000 }));
    const found = await store.find({ teamId: 'T0ONE', isEnterpriseInstall: false });
    expect(found).toMatchObject({ botToken: 'xoxb-new', installerUserId: 'U0SECOND', scopes: ['chat:write', 'commands', 'users:read'], installedAt: 1_741_700_000_000 });
    expect(await d.all('SELECT first_installed_at FROM slack_installations')).toEqual([{ first_installed_at: 1_741_600_000_000 }]);
  });

  it('two workspaces keep their own tokens; an org-wide install is found by its enterprise', async () => {
    const store = installationStore(await db());
    await store.save(workspace('T0ONE', 'xoxb-one'));
    await store.save(workspace('T0TWO', 'xoxb-two', { enterpriseId: 'E0GRID' }));
    await store.save({ ...workspace('T0IGNORED', 'xoxb-org'), teamId: undefined, enterpriseId: 'E0GRID', isEnterpriseInstall: true });
    expect((await store.find({ teamId: 'T0ONE', isEnterpriseInstall: false }))?.botToken).toBe('xoxb-one');
    expect((await store.find({ teamId: 'T0TWO', enterpriseId: 'E0GRID', isEnterpriseInstall: false }))?.botToken).toBe('xoxb-two');
    // A workspace of the org asks with its team id too; an org-wide install answers by the org.
    expect(await store.find({ teamId: 'T0ANY', enterpriseId: 'E0GRID', isEnterpriseInstall: true })).toMatchObject({ botToken: 'xoxb-org', enterpriseId: 'E0GRID', isEnterpriseInstall: true });
    expect(await store.remove({ enterpriseId: 'E0GRID', isEnterpriseInstall: true })).toBe(true);
    expect((await store.find({ teamId: 'T0TWO', enterpriseId: 'E0GRID', isEnterpriseInstall: false }))?.botToken).toBe('xoxb-two');
  });

  it('another replica on the same database sees an install at once', async () => {
    const location = await freshLocation(engine, dirs);
    const a = await openAt(location);
    const b = await openAt(location);
    open.push(a, b);
    await installationStore(a).save(workspace('T0ONE', 'xoxb-one'));
    expect((await installationStore(b).find({ teamId: 'T0ONE', isEnterpriseInstall: false }))?.botToken).toBe('xoxb-one');
  });
});

describe('installation keys', () => {
  it('refuse a key that names neither a team nor an enterprise, without echoing anything', () => {
    expect(installKey({ teamId: 'T1', isEnterpriseInstall: false })).toBe('team:T1');
    expect(installKey({ teamId: 'T1', enterpriseId: 'E1', isEnterpriseInstall: true })).toBe('enterprise:E1');
    expect(() => installKey({ isEnterpriseInstall: false })).toThrow(/teamId/);
    expect(() => installKey({ teamId: 'T1', isEnterpriseInstall: true })).toThrow(/enterpriseId/);
  });
});
