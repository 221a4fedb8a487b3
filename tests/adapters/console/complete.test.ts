import { describe, expect, it } from 'vitest';
import { completeLine } from '../../../src/adapters/console/complete.js';
import { complete } from '../../../src/dispatch/complete.js';
import { createRuntime } from '../../../src/dispatch/runtime.js';
import { silentLogger } from '../../../src/log.js';

const rt = createRuntime({ log: silentLogger() });

describe('completion', () => {
  it('completes command names in the console', () => {
    expect(completeLine('/fa', rt)).toEqual([['/fact'], '/fa']);
    expect(completeLine('/', rt)[0]).toEqual(rt.commands.map((c) => `/${c.name}`));
  });

  it('completes fact ids and topics after /fact', () => {
    const [hits, word] = completeLine('/fact helion-ms', rt);
    expect(word).toBe('helion-ms');
    expect(hits).toEqual(expect.arrayContaining(['helion-msft-50mw-2028']));
    expect(hits.every((h) => h.startsWith('helion-ms'))).toBe(true);
  });

  it('completes the unit being typed after /convert', () => {
    const [hits, word] = completeLine('/convert 500000 kWh/day to M', rt);
    expect(word).toBe('M');
    expect(hits).toEqual(expect.arrayContaining(['MW', 'MWh']));
  });

  it('gives platforms at most 25 choices with names within 100 characters', () => {
    for (const [source, typed] of [
      ['fact-or-topic', ''],
      ['fact', 'a'],
      ['unit', '5 '],
      ['command', ''],
    ] as const) {
      const choices = complete(source, typed, rt, 'zh');
      expect(choices.length).toBeGreaterThan(0);
      expect(choices.length).toBeLessThanOrEqual(25);
      for (const c of choices) expect(c.name.length).toBeLessThanOrEqual(100);
    }
  });
});
