import type { FactCount } from '../quantities/household.js';
import type { ConversationPhrases } from './conversation.js';
import type { Lexicon } from './lexicon.js';
import { loadRawStore, type StoredFact } from './load.js';
import type { Presets } from './presets.js';
import type { Bilingual, Episode, Equivalence, Speaker } from './schema.js';

export interface Topic {
  id: string;
  name: Bilingual;
  facts: StoredFact[];
}

/** The validated fact store, indexed for the lookups commands make. Immutable after load. */
export interface FactStore {
  episode: Episode;
  speakers: ReadonlyMap<string, Speaker>;
  topics: readonly Topic[];
  facts: readonly StoredFact[];
  byId: ReadonlyMap<string, StoredFact>;
  topicById: ReadonlyMap<string, Topic>;
  equivalences: readonly Equivalence[];
  presets?: Presets;
  /**
   * Each fact's first figure counted in US households, worked out ahead (at build time, in the
   * snapshot) so answers need no arithmetic; null for a fact with no figure to count, so that
   * one is not worked out (and the units library loaded) at answer time either.
   */
  householdCounts?: ReadonlyMap<string, FactCount | null>;
  /** What /ask knows of how people word questions (facts/lexicon.yaml). */
  lexicon: Lexicon;
  conversation?: ConversationPhrases;
}

export function openStore(dir: string): FactStore {
  const { meta, facts, equivalences, presets, lexicon, conversation } = loadRawStore(dir);
  const topics: Topic[] = Object.entries(meta.topics).map(([id, name]) => ({
    id,
    name,
    facts: facts.filter((f) => f.topic === id),
  }));
  return {
    episode: meta.episode,
    speakers: new Map(Object.entries(meta.speakers)),
    topics,
    facts,
    byId: new Map(facts.map((f) => [f.id, f])),
    topicById: new Map(topics.map((t) => [t.id, t])),
    equivalences,
    ...(presets && { presets }),
    lexicon,
    ...(conversation && { conversation }),
  };
}
