import { describe, expect, it } from 'vitest';
import { mutatedStore } from './helpers/fact-fixtures.js';
import { cli } from './helpers/run.js';

const json = (s: string) => JSON.parse(s) as Record<string, any>;

describe('CLI contract', () => {
  it('answers a question in plain text with exit 0', () => {
    const r = cli(['/ask how much electricity does ChatGPT use a day?']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('500,000 kWh/day');
    expect(r.stdout).toContain('它每天的日耗电量它能达到50万千瓦时也就是50万度电');
    expect(r.stderr).toBe('');
  });

  it('prints the JSON fields the design promises, facts best first', () => {
    const r = cli(['--json', '/ask how much electricity does ChatGPT use a day?']);
    expect(r.status).toBe(0);
    const out = json(r.stdout);
    expect(out).toMatchObject({ ok: true, command: 'ask' });
    expect(out['facts'][0]).toBe('chatgpt-daily-energy');
    expect(typeof out['text']).toBe('string');
    expect(out['reply']['kind']).toBe('answer');
  });

  it('answers in Chinese with --locale zh, numbers in 万', () => {
    const r = cli(['--json', '--locale', 'zh', '/ask ChatGPT每天耗电多少？']);
    const out = json(r.stdout);
    expect(out['facts'][0]).toBe('chatgpt-daily-energy');
    expect(out['text']).toContain('50万');
    expect(out['text']).toContain('向江');
  });

  it('exits 1 with a coded error for a user error', () => {
    const r = cli(['--json', '/fact no-such-thing']);
    expect(r.status).toBe(1);
    const out = json(r.stdout);
    expect(out).toMatchObject({ ok: false, command: 'fact', error: { code: 'unknown-fact' } });
    expect(out['text']).toContain('/fact topics');
  });

  it('exits 2 on a usage error, with the usage on stderr and nothing on stdout', () => {
    for (const args of [[], ['--locale', 'fr', '/about'], ['--bogus', '/about'], ['a', 'b']]) {
      const r = cli(args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('usage:');
    }
  });

  it('exits 2 when the fact store is broken, naming file, fact and field', () => {
    const dir = mutatedStore('ai-demand.yaml', (d) => (d.facts[0].values[0].year = 'soon'));
    const r = cli(['/about'], { env: { WATTSON_FACTS: dir } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('ai-demand.yaml, fact "chatgpt-daily-energy", field "values[0].year": expected number, got "soon"');
    expect(r.stdout).toBe('');
  });

  it('batch: one JSON line per input line, blank lines included, past user errors', () => {
    const input = ['/ask how much power do 100,000 H100s draw?', '', '/nonsense', '/fact topics', '   ', `/ask ${'x'.repeat(10_000)}`].join('\n');
    const r = cli(['--json', '--batch'], { input });
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split('\n').map(json) as Record<string, any>[];
    expect(lines).toHaveLength(6);
    expect(lines.map((l) => l['ok'])).toEqual([true, false, false, true, false, false]);
    expect(lines[1]!['error']['code']).toBe('empty');
    expect(lines[2]!['error']['code']).toBe('unknown-command');
    expect(lines[5]!['error']['message']).toMatch(/at most 500 characters/);
    expect(r.stderr).toBe('');
  });

  it('batch: consecutive lines are one conversation; a blank line starts a new one, --fresh makes each line its own', () => {
    const input = ['/ask how much electricity does ChatGPT use a day?', 'and how many homes is that?', 'who said that?', '', 'who said that?', '/convert 45 GW to nyc', 'that in TWh per year'].join(
      '\n',
    );
    const lines = cli(['--json', '--batch'], { input }).stdout.trimEnd().split('\n').map(json) as Record<string, any>[];
    expect(lines).toHaveLength(7);
    expect(lines[1]).toMatchObject({ ok: true, command: 'convert', quantity: { unit: 'homes' } });
    expect(lines[1]!['reply']['title']).toMatch(/^ChatGPT's electricity use per day \(500,000 kWh\/day\) = /);
    expect(lines[2]!['reply']['data']['speaker']['id']).toBe('xiang');
    expect(lines[3]!['error']['code']).toBe('empty');
    expect(lines[4]!['reply']['data']['asksWhich']).toBe(true);
    expect(lines[6]).toMatchObject({ ok: true, quantity: { value: 394.2, unit: 'TWh' } });
    const fresh = cli(['--json', '--fresh', '--batch'], { input: input.split('\n').slice(0, 2).join('\n') })
      .stdout.trimEnd()
      .split('\n')
      .map(json) as Record<string, any>[];
    expect(fresh[1]!['reply']['data']['asksWhich']).toBe(true);
  });

  it('never prints a stack trace for hostile input', () => {
    const input = ['/ask \u0000\u200b\u200d', '/ask @everyone <@&1> what is Helion?', '/fact ../../etc/passwd', `/help ${'z'.repeat(300)}`].join('\n');
    const r = cli(['--batch'], { input });
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(/\n\s+at .*\(|Error:/);
    expect(r.stdout).not.toContain('@everyone');
    expect(r.stdout).not.toContain('<@&1>');
  });
});
