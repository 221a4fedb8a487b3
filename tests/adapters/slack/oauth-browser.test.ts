import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspace } from './fake-slack.js';
import { type OAuthHarness, startOAuth } from './oauth-setup.js';

/**
 * "Add to Slack" in a real browser: Debian's headless Chromium (installed by npm test's
 * scripts/test-prerequisites.sh, never downloaded), driven by playwright-core, opens
 * /slack/install, clicks the button, allows on the fake Slack's authorize page, follows the
 * redirect back to /slack/oauth_redirect with the state cookie the browser kept, and lands on
 * the success page; the installation is then in the store. Every request stays on loopback.
 */

const CHROMIUM = '/usr/bin/chromium';
let h: OAuthHarness;
let context: BrowserContext;
let profile: string;
const requested: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (npm test's scripts/test-prerequisites.sh does it as root)`);
  h = await startOAuth();
  profile = mkdtempSync(join(tmpdir(), 'wattson-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    // Root needs --no-sandbox; the rest keeps Chromium from reaching for the network on its own.
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  context.on('request', (r) => requested.push(r.url()));
}, 60_000);

afterAll(async () => {
  await context?.close();
  await h?.stop();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

describe('"Add to Slack" in headless Chromium', () => {
  it("installs Wattson from the install page through Slack's Allow and back to the success page", { timeout: 60_000 }, async () => {
    h.fake.nextWorkspace = workspace('T0DELTA', 'Delta Energy');
    const page = await context.newPage();
    const res = await page.goto(`${h.base}/slack/install`);
    expect(res?.status()).toBe(200);
    expect(await page.title()).toBe('Add Wattson to Slack');
    expect((await context.cookies(h.base)).map((c) => c.name)).toContain('slack-app-oauth-state');

    await page.getByRole('link', { name: 'Add to Slack' }).click();
    await page.waitForURL(/\/oauth\/v2\/authorize\?/);
    await expect.poll(() => page.textContent('h1')).toContain('Delta Energy');
    await page.getByRole('link', { name: 'Allow' }).click();

    await page.waitForURL(/\/slack\/oauth_redirect\?/);
    expect(await page.textContent('#installed')).toBe('Wattson is installed in Delta Energy');

    const stored = await h.installations.find({ teamId: 'T0DELTA', isEnterpriseInstall: false });
    expect(stored?.botToken).toBe(h.fake.tokensOf('T0DELTA')[0]);
    expect(stored?.installerUserId).toBe('UT0DELTAADMIN');
    // Bolt deleted the state cookie on the way back: the redirect cannot be replayed from this browser.
    expect((await context.cookies(h.base)).filter((c) => c.name === 'slack-app-oauth-state' && c.value !== 'deleted')).toEqual([]);
    expect(requested.filter((u) => !u.startsWith('http://127.0.0.1:'))).toEqual([]);
  });

  it("shows the failure page, and stores nothing, when the person cancels on Slack's page", { timeout: 60_000 }, async () => {
    h.fake.nextWorkspace = workspace('T0EPSILON', 'Epsilon');
    const page = await context.newPage();
    await page.goto(`${h.base}/slack/install`);
    await page.getByRole('link', { name: 'Add to Slack' }).click();
    await page.getByRole('link', { name: 'Cancel' }).click();
    await page.waitForURL(/\/slack\/oauth_redirect\?/);
    expect(await page.textContent('#not-installed')).toBe('Wattson was not installed');
    expect(await h.installations.find({ teamId: 'T0EPSILON', isEnterpriseInstall: false })).toBeUndefined();
  });
});
