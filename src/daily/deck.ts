/**
 * A channel's deck: every fact once, in a shuffled order, before any repeats. The order is not
 * stored; it is recomputed from the channel's seed and cycle by ranking each fact id under a
 * seeded hash. Unlike shuffling an array, that ranking does not move when facts are added or
 * removed, so a fact added to the store later simply takes its place in the current deck, and
 * a restart sees the same order. What has been dealt is read from the posts themselves.
 */

/** murmur3's finaliser: a well-mixed 32-bit permutation. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a over UTF-16 code units: enough to spread short kebab-case ids. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function rank(seed: number, cycle: number, id: string): number {
  return fmix32(fnv1a(id) ^ fmix32((seed ^ Math.imul(cycle + 1, 0x9e3779b9)) >>> 0));
}

/** The deck's order for one cycle (each cycle is a fresh shuffle). */
export function deckOrder(ids: readonly string[], seed: number, cycle: number): string[] {
  return ids
    .map((id) => ({ id, r: rank(seed, cycle, id) }))
    .sort((a, b) => a.r - b.r || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((x) => x.id);
}

export interface Card {
  factId: string;
  /** 1-based position in this cycle: "Fact 12 of 195". */
  number: number;
  total: number;
  cycle: number;
}

export interface DeckState {
  seed: number;
  cycle: number;
  /** Fact ids already dealt in `cycle`. */
  dealt: ReadonlySet<string>;
}

/** The next card, starting a new cycle when every current fact has been dealt in this one. */
export function nextCard(ids: readonly string[], deck: DeckState): Card {
  if (ids.length === 0) throw new Error('the deck has no facts');
  const left = ids.filter((id) => !deck.dealt.has(id));
  if (left.length === 0) return { factId: deckOrder(ids, deck.seed, deck.cycle + 1)[0]!, number: 1, total: ids.length, cycle: deck.cycle + 1 };
  const leftSet = new Set(left);
  const factId = deckOrder(ids, deck.seed, deck.cycle).find((id) => leftSet.has(id))!;
  return { factId, number: ids.length - left.length + 1, total: ids.length, cycle: deck.cycle };
}

/** Facts still to come before the deck repeats. */
export function factsLeft(ids: readonly string[], deck: DeckState): number {
  return ids.filter((id) => !deck.dealt.has(id)).length;
}
