import { describe, expect, it } from 'vitest';
import { executeLine } from '../../src/dispatch/router.js';
import { createRuntime } from '../../src/dispatch/runtime.js';
import type { Match, SearchIndex, SearchResult } from '../../src/facts/search.js';
import { silentLogger } from '../../src/log.js';
import { renderPlain } from '../../src/replies/plain.js';

/**
 * How /ask shows each degree of certainty, independent of where the tuned thresholds fall:
 * the search is the real one, with its judgement replaced.
 */

const rt = createRuntime({ log: silentLogger() });

function judged(match: Match): typeof rt {
  const search: SearchIndex = {
    ...rt.search,
    search: (q, limit) => {
      const r: SearchResult = rt.search.search(q, limit);
      return { ...r, match, confident: match === 'confident' };
    },
  };
  return { ...rt, search };
}

const DISPUTED = 'how many H100s does Meta have?';

describe('/ask by certainty', () => {
  it('a likely match is answered in full, headed as the closest match, with the alternatives as buttons', async () => {
    const { reply } = await executeLine(`/ask ${DISPUTED}`, 'en', judged('closest'));
    const best = rt.store.byId.get(reply.data.facts![0]!)!;
    expect(best.id).toBe('meta-650k-h100');
    expect(reply.data.match).toBe('closest');
    expect(reply.title).toMatch(/^Closest match: /);
    const text = renderPlain(reply, 'en');
    // Everything a confident answer shows: figures with their origin, the quote, the public context of a disputed claim.
    expect(best.verdict).not.toBe('consistent');
    expect(text).toContain('650,000');
    expect(text).toContain(best.quote);
    expect(reply.blocks.some((b) => b.type === 'context')).toBe(true);
    expect(reply.actions.length).toBeGreaterThan(0);
    for (const a of reply.actions) expect(a.command).toMatch(/^\/fact /);
    expect(reply.data.facts!.slice(1)).toEqual(reply.actions.map((a) => a.command.replace('/fact ', '')));
  });

  it('the same in Chinese', async () => {
    const { reply } = await executeLine('/ask Meta有多少块H100', undefined, judged('closest'));
    expect(reply.title).toMatch(/^最接近的内容：/);
    expect(renderPlain(reply, 'zh')).toContain('65万');
  });

  it('real ambiguity gets the "did you mean" list, and no fact is presented', async () => {
    const { reply } = await executeLine(`/ask ${DISPUTED}`, 'en', judged('ambiguous'));
    expect(reply.data).toMatchObject({ facts: [], match: 'ambiguous' });
    expect(reply.title).toBe('Did you mean…');
    expect(reply.actions[0]?.command).toBe('/fact meta-650k-h100');
  });

  it('a confident match is the answer, related facts below', async () => {
    const { reply } = await executeLine(`/ask ${DISPUTED}`, 'en', judged('confident'));
    expect(reply.data.match).toBe('confident');
    expect(reply.title).not.toMatch(/Closest/);
    expect(reply.data.facts![0]).toBe('meta-650k-h100');
  });

  it('nothing likely: declined with the topics the episode covers', async () => {
    const { reply } = await executeLine(`/ask ${DISPUTED}`, 'en', judged('none'));
    expect(reply.data).toMatchObject({ facts: [], match: 'none' });
    expect(renderPlain(reply, 'en')).toContain('does not cover');
  });
});
