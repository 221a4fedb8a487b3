import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { executeLine } from '../../src/dispatch/router.js';
import { createRuntime } from '../../src/dispatch/runtime.js';
import { silentLogger } from '../../src/log.js';
import { renderPlain } from '../../src/replies/plain.js';

const rt = createRuntime({ log: silentLogger(), random: () => 0.5 });

describe('the command registry', () => {
  it('has unique lower-case names, bilingual descriptions and at least one example each', async () => {
    const names = commands.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    for (const c of commands) {
      expect(c.name).toMatch(/^[a-z][a-z0-9-]{0,31}$/);
      expect(c.description.en.length).toBeGreaterThan(0);
      expect(c.description.zh.length).toBeGreaterThan(0);
      expect(c.examples.length, c.name).toBeGreaterThan(0);
    }
  });

  for (const c of commands) {
    for (const ex of c.examples) {
      it(`example "${ex.line}" answers without error, in both languages`, async () => {
        for (const locale of ['en', 'zh'] as const) {
          const { command, reply } = await executeLine(ex.line, locale, rt);
          expect(command).toBe(c.name);
          expect(reply.kind, renderPlain(reply, locale)).not.toBe('error');
        }
      });
    }
  }

  it('help lists every command with its examples, generated from the registry', async () => {
    const text = renderPlain((await executeLine('/help', 'en', rt)).reply, 'en');
    for (const c of commands) {
      expect(text).toContain(`/${c.name}:`);
      expect(text).toContain(c.examples[0]!.line);
    }
    const one = renderPlain((await executeLine('/help project', 'en', rt)).reply, 'en');
    expect(one).toContain('/project growth');
    expect(one).toContain('/project buildout');
  });
});
