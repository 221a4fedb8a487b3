import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DeckState, deckOrder, factsLeft, nextCard } from '../../src/daily/deck.js';

const ids = (n: number, prefix = 'f') => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

/** Deals `n` cards the way the poster does: each post's fact is added to its cycle's dealt set. */
function deal(pool: () => readonly string[], seed: number, n: number) {
  const dealt = new Map<number, Set<string>>();
  let cycle = 0;
  const cards = [];
  for (let i = 0; i < n; i++) {
    const state: DeckState = { seed, cycle, dealt: dealt.get(cycle) ?? new Set() };
    const card = nextCard(pool(), state);
    cycle = card.cycle;
    if (!dealt.has(cycle)) dealt.set(cycle, new Set());
    dealt.get(cycle)!.add(card.factId);
    cards.push(card);
  }
  return cards;
}

describe('the deck', () => {
  it('deals every fact once before any repeats, numbered 1..n, then reshuffles', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.nat(2 ** 32 - 1), (n, seed) => {
        const pool = ids(n);
        const cards = deal(() => pool, seed, n * 2);
        const first = cards.slice(0, n);
        expect(new Set(first.map((c) => c.factId)).size).toBe(n);
        expect(first.map((c) => c.number)).toEqual(pool.map((_, i) => i + 1));
        expect(first.every((c) => c.cycle === 0 && c.total === n)).toBe(true);
        const second = cards.slice(n);
        expect(new Set(second.map((c) => c.factId)).size).toBe(n);
        expect(second.every((c) => c.cycle === 1)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('is the same order after a restart (a function of seed and cycle), and differs between channels and cycles', () => {
    const pool = ids(195);
    expect(deckOrder(pool, 42, 0)).toEqual(deckOrder([...pool].reverse(), 42, 0));
    expect(deckOrder(pool, 42, 0)).not.toEqual(deckOrder(pool, 43, 0));
    expect(deckOrder(pool, 42, 0)).not.toEqual(deckOrder(pool, 42, 1));
    expect(deckOrder(pool, 42, 0)).not.toEqual([...pool].sort());
  });

  it('includes facts added to the store mid-cycle, without repeating any already dealt', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 40 }), fc.integer({ min: 1, max: 20 }), fc.nat(2 ** 32 - 1), fc.nat(), (n, added, seed, cut) => {
        let pool = ids(n);
        const at = cut % n;
        let count = 0;
        const cards = deal(
          () => {
            if (count++ === at) pool = [...pool, ...ids(added, 'new')];
            return pool;
          },
          seed,
          n + added,
        );
        expect(cards.every((c) => c.cycle === 0)).toBe(true);
        expect(new Set(cards.map((c) => c.factId))).toEqual(new Set(pool));
      }),
      { numRuns: 200 },
    );
  });

  it('shuffles: each fact leads the deck about equally often over many seeds', () => {
    const pool = ids(10);
    const firsts = new Map<string, number>();
    for (let seed = 0; seed < 5000; seed++) {
      const f = deckOrder(pool, seed, 0)[0]!;
      firsts.set(f, (firsts.get(f) ?? 0) + 1);
    }
    expect(firsts.size).toBe(10);
    for (const n of firsts.values()) expect(n).toBeGreaterThan(350); // 500 expected
  });

  it('counts the facts left before the deck repeats', () => {
    const pool = ids(5);
    expect(factsLeft(pool, { seed: 1, cycle: 0, dealt: new Set(['f-0', 'f-3', 'gone']) })).toBe(3);
  });
});
