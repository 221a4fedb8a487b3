import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain } from '../../helpers/run.js';
import { FakeDiscord } from './fake-discord.js';

/**
 * `npm start` with Discord settings: the composition root starts the adapter, it answers,
 * and SIGTERM stops it cleanly (gateway closed with 1000, exit status 0).
 */

describe('npm start with Discord settings', () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await FakeDiscord.start();
  });
  afterAll(async () => {
    await fake.close();
  });

  it('serves Discord, answers an interaction, and shuts down on SIGTERM', async () => {
    const r = await runMain({ DISCORD_TOKEN: fake.token, DISCORD_APPLICATION_ID: fake.applicationId, DISCORD_API_URL: fake.apiUrl }, async (stderr) => {
      expect(stderr()).toContain('"adapters":["discord"]');
      const cb = await fake.callbackFor(fake.slash('ask', [{ name: 'question', type: 3, value: 'how much electricity does ChatGPT use a day?' }], { dm: true }).id);
      expect(JSON.stringify(cb.body.data.embeds)).toContain('500,000 kWh/day');
    });
    expect(r.code).toBe(0);
    await fake.waitForClose(1000);
    expect(r.stdout).toBe('');
    expect(r.stderr).not.toContain(fake.token);
  });
});
