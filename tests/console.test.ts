import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ISSUE_ROWS } from './helpers/issue-rows.js';
import { MAIN, ROOT, runNode } from './helpers/run.js';

describe('console chat (npm start with no tokens)', () => {
  it('answers typed commands and plain questions, then exits cleanly on end of input (Ctrl-D)', () => {
    const r = runNode(MAIN, [], { input: '/help\nhow much electricity does ChatGPT use a day?\n/aks chatgpt\n' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('wattson> ');
    expect(r.stdout).toContain('/ask how much electricity does ChatGPT use a day?');
    expect(r.stdout).toContain('500,000 kWh/day');
    expect(r.stdout).toContain('Did you mean /ask?');
    expect(r.stdout.trimEnd().endsWith('Bye.')).toBe(true);
    expect(r.stderr).toBe('');
  });

  it('leaves on /quit without reading further', () => {
    const r = runNode(MAIN, [], { input: '/quit\n/about\n' });
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain('Silicon Valley 101 E149:');
    expect(r.stdout).toContain('Bye.');
  });

  it('switches to Chinese with /locale zh', () => {
    const r = runNode(MAIN, [], { input: '/locale zh\n/fact topics\n' });
    expect(r.stdout).toContain('现在用中文回答');
    expect(r.stdout).toContain('核聚变与创业公司');
  });

  it('refuses to start on a broken fact store with a precise message', () => {
    const r = runNode(MAIN, [], { env: { WATTSON_FACTS: '/nonexistent/facts' } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('the fact directory cannot be read (ENOENT)');
    expect(r.stdout).toBe('');
  });

  it('names the variable when the environment is misconfigured', () => {
    const r = runNode(MAIN, [], { env: { SLACK_BOT_TOKEN: 'not-a-token', LOG_LEVEL: 'loud' } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('SLACK_BOT_TOKEN: a bot token starting with xoxb-');
    expect(r.stderr).toContain('LOG_LEVEL');
    expect(r.stderr).not.toContain('not-a-token');
  });

  it('refuses a HOST that is not an interface address or host name, naming HOST', () => {
    const r = runNode(MAIN, [], { env: { HOST: 'http://0.0.0.0:3000' } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('HOST: an interface address to listen on, such as 127.0.0.1, ::1, 0.0.0.0 or localhost');
  });

  it('holds a conversation: each row of the issue, then /feedback on the last answer, recorded for npm run misses', () => {
    const db = join(mkdtempSync(join(tmpdir(), 'wattson-console-')), 'w.db');
    const lines = ISSUE_ROWS.map((r) => (r.command === 'ask' ? r.text : `/${r.command} ${r.text}`));
    const input = [...lines, 'how much water do data centres use?', '/ask how much electricity does ChatGPT use a day?', '/feedback bad wanted the 2024 figure', ''].join('\n');
    const r = runNode(MAIN, [], { input, env: { WATTSON_DB: db } });
    expect(r.status).toBe(0);
    const answers = r.stdout.split('wattson> ').slice(1);
    ISSUE_ROWS.forEach((row, i) => {
      for (const says of row.says) expect(answers[i], lines[i]).toMatch(says);
    });
    expect(answers[ISSUE_ROWS.length + 2]).toMatch(/👎 Thanks, recorded on "how much electricity does ChatGPT use a day\?"/);
    const report = runNode(join(ROOT, 'dist', 'src', 'feedback', 'misses-cli.js'), [], { env: { WATTSON_DB: db } });
    expect(report.stdout).toMatch(/1\s+1\s+declined\s+en\s+\S+\s+how much water do data centres use\?/);
    expect(report.stdout).toMatch(/chatgpt-daily-energy.*how much electricity does ChatGPT use a day\?\s+wanted the 2024 figure/);
  });
});
