import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from './fake-discord.js';

/**
 * `npm start` with Discord settings: the composition root starts the adapter, it answers,
 * and SIGTERM stops it cleanly (gateway closed with 1000, exit status 0).
 */

const ROOT = join(import.meta.dirname, '..', '..', '..');

describe('npm start with Discord settings', () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await FakeDiscord.start();
  });
  afterAll(async () => {
    await fake.close();
  });

  it('serves Discord, answers an interaction, and shuts down on SIGTERM', async () => {
    const child = spawn(process.execPath, [join(ROOT, 'dist', 'src', 'main.js')], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', DISCORD_TOKEN: fake.token, DISCORD_APPLICATION_ID: fake.applicationId, DISCORD_API_URL: fake.apiUrl, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stderr.on('data', (d) => {
          stderr += d;
          if (stderr.includes('"Wattson is running"')) resolve();
        });
        void exited.then((code) => reject(new Error(`main exited ${code} before running: ${stderr}`)));
      });
      expect(stderr).toContain('"adapters":["discord"]');

      const cb = await fake.callbackFor(fake.slash('ask', [{ name: 'question', type: 3, value: 'about ChatGPT' }], { dm: true }).id);
      expect(JSON.stringify(cb.body.data.embeds)).toContain('500,000 kWh/day');

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      await fake.waitForClose(1000);
      expect(stdout).toBe('');
      expect(stderr).not.toContain(fake.token);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
