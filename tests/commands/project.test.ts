import { describe, expect, it } from 'vitest';
import { executeLine } from '../../src/dispatch/router.js';
import { createRuntime } from '../../src/dispatch/runtime.js';
import { silentLogger } from '../../src/log.js';
import { renderPlain } from '../../src/replies/plain.js';

const rt = createRuntime({ log: silentLogger(), now: () => new Date('2026-01-01T00:00:00Z') });
const run = async (line: string, locale: 'en' | 'zh' = 'en') => {
  const { reply } = await executeLine(line, locale, rt);
  return { reply, text: renderPlain(reply, locale) };
};

describe('/project', () => {
  it('growth preset dc-share: assumptions first, low/central/high by year from the facts', async () => {
    const { reply, text } = await run('/project growth preset=dc-share');
    expect(reply.kind).toBe('projection');
    expect(reply.blocks[0]).toMatchObject({ type: 'list', title: 'Assumptions' });
    const table = reply.blocks.find((b) => b.type === 'table');
    expect(table && table.type === 'table' && table.rows.at(-1)).toEqual(['2030', '15.9%', '23%', '40%']);
    expect(text).toContain('7.5%');
    expect(text).toContain('public figure'); // the disputed doubling time carries its context
  });

  it('growth with the user own start and range', async () => {
    const { reply } = await run('/project growth start=45GW doubling=2-3 years=6');
    const table = reply.blocks.find((b) => b.type === 'table');
    expect(table && table.type === 'table' && table.rows[0]![0]).toBe('2026');
    expect(table && table.type === 'table' && table.rows.at(-1)).toEqual(['2032', '180 GW', '238 GW', '360 GW']);
  });

  it('cluster preset h100-100k: 70 MW, 613 GWh, cost at the episode prices with the public price beside the disputed one', async () => {
    const { text } = await run('/project cluster preset=h100-100k');
    expect(text).toContain('Power: 70 MW');
    expect(text).toContain('Energy: 613 GWh');
    expect(text).toContain('$24,500,000');
    expect(text).toMatch(/public figure: .*16/);
  });

  it('cluster presets from the GTC comparison: Hopper 32.4 GWh vs Blackwell 8.64 GWh', async () => {
    expect((await run('/project cluster preset=hopper-gtc')).text).toContain('Energy: 32.4 GWh');
    expect((await run('/project cluster preset=blackwell-gtc')).text).toContain('Energy: 8.64 GWh');
  });

  it('build-out: capacity factor drives nameplate; the user can override it', async () => {
    const base = (await run('/project buildout load=45GW')).text;
    expect(base).toMatch(/1 GW nuclear\s+93%\s+48.4 GW\s+48.4/);
    expect(base).toMatch(/1 GW of solar\s+25%\s+180 GW\s+180/);
    expect((await run('/project buildout load=45GW kind=wind cf=34')).text).toMatch(/1 GW of wind\s+34%\s+132 GW\s+132/);
  });

  it('answers in Chinese', async () => {
    expect((await run('/project cluster preset=h100-100k', 'zh')).text).toContain('6.13亿度');
  });

  it('bad input: a clear coded error with an example, never NaN or Infinity', async () => {
    const bad = [
      '/project',
      '/project grow',
      '/project growth',
      '/project growth start=abc rate=5',
      '/project growth start=45GW rate=-5',
      '/project growth start=45GW rate=NaN',
      '/project growth start=1 rate=Infinity',
      '/project growth start=1 rate=5 years=500',
      '/project cluster gpus=0',
      '/project cluster gpus=1e400',
      '/project cluster',
      '/project buildout load=5kg',
      '/project buildout cf=150',
      `/project growth start=${'9'.repeat(10_000)} rate=5`,
    ];
    for (const line of bad) {
      const { reply, text } = await run(line);
      expect(reply.kind, line).toBe('error');
      expect(reply.data.error?.code, line).toBeTruthy();
      expect(text, line).toMatch(/Try: \/project /);
      expect(text, line).not.toMatch(/NaN|Infinity/);
    }
  });
});
