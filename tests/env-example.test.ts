import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SETTING_NAMES } from '../src/config.js';
import { ROOT } from './helpers/run.js';

/** .env.example is where a deployment starts: every setting in it, each explained, no secret filled in. */
describe('.env.example', () => {
  const text = readFileSync(join(ROOT, '.env.example'), 'utf8');
  const lines = text.split('\n');
  const assigned = new Map(
    lines.flatMap((l, at) => {
      const m = /^([A-Z_]+)=(.*)$/.exec(l);
      return m ? [[m[1]!, { value: m[2]!, at }] as const] : [];
    }),
  );

  it('lists every setting config.ts reads, and WATTSON_FACTS', () => {
    for (const name of [...SETTING_NAMES, 'WATTSON_FACTS']) expect(assigned.has(name), name).toBe(true);
  });

  it('leaves every secret empty', () => {
    for (const name of [
      'DISCORD_TOKEN',
      'DISCORD_PUBLIC_KEY',
      'SLACK_BOT_TOKEN',
      'SLACK_SIGNING_SECRET',
      'SLACK_APP_TOKEN',
      'SLACK_CLIENT_SECRET',
      'SLACK_STATE_SECRET',
      'DATABASE_URL',
      'POSTGRES_PASSWORD',
    ])
      expect(assigned.get(name)?.value, name).toBe('');
  });

  it('has a comment above each group of settings', () => {
    for (const [name, { at }] of assigned) {
      let i = at - 1;
      while (i >= 0 && /^[A-Z_]+=/.test(lines[i]!)) i--;
      expect(lines[i]?.startsWith('#'), `${name} has no comment above it`).toBe(true);
    }
  });
});
