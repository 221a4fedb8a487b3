import * as z from 'zod';
import { lazily } from './lazily.js';
import { FACT_UNITS } from './schema.js';

/**
 * The words of /ask's questions that the facts themselves do not use, as data
 * (facts/lexicon.yaml): words that carry no topic, the ways people frame a question to a
 * bot, synonyms and paraphrases that meet the store's own words, and words the Chinese
 * segmenter must know. Validated at load like the facts, so a slip in it stops start-up with
 * the file, the entry and the field at fault.
 */

export const LEXICON_FILE = 'lexicon.yaml';

/** The lexicon's schema, built on first use (see factSchemas). */
export const lexiconSchema = lazily(() => {
  const words = z.array(z.string().trim().min(1, 'an empty word'));
  const bilingualWords = z.strictObject({ en: words.default([]), zh: words.default([]) });

  /**
   * Words that mean the same in a question about this episode. A query word from the group
   * also looks for every other member of the group (in the same language), at a little less
   * weight than the word typed. Members may be phrases ("run on", "power purchase agreement").
   */
  const synonymGroup = z
    .strictObject({
      en: words.default([]),
      zh: words.default([]),
      /** Question words ("何时", "多久"): they help a fact that has one and never count against a fact that has none. */
      soft: z.boolean().optional(),
    })
    .refine((g) => g.en.length + g.zh.length >= 2, { message: 'a synonym group names at least two words' });

  /** Other ways of writing one thing, rewritten to `as` in questions and facts alike: "DC", "data centre" → "data center". */
  const spelling = z
    .strictObject({ as: z.string().trim().min(1, 'the form to write'), en: words.default([]), zh: words.default([]) })
    .refine((s) => s.en.length + s.zh.length >= 1, { message: 'a spelling names at least one other way of writing it' });

  const lexiconFile = z.strictObject({
    /** Words that name no topic ("the", "how", "的", "吗"); dropped from questions and facts alike. */
    stop: bilingualWords,
    /** How people address a bot ("hey Wattson, quick question", "麻烦问下"); dropped like stop words. */
    framing: bilingualWords,
    /** Chinese question words the segmenter glues to a noun ("多少钱", "几度"): cut off so the noun remains. */
    zh_question_prefixes: words.default([]),
    spellings: z.array(spelling).default([]),
    synonyms: z.array(synonymGroup).default([]),
    /** Phrases that ask for a figure ("how much", "多少"): facts that state one are preferred. */
    figure_intent: bilingualWords.default({ en: [], zh: [] }),
    /**
     * Kinds of figure a question may ask for by name ("cost", "多少钱"; "MW", "装机"), with the
     * units (any part of a value's unit around a "/") that state one: a best fact with no such
     * figure is evidence that the question asks something the episode does not say. A kind with
     * no units is one no fact states (a company's CEO or headquarters).
     */
    figure_kinds: z.array(z.strictObject({ kind: z.string().trim().min(1, 'the kind'), units: z.array(z.enum(FACT_UNITS)).default([]), en: words.default([]), zh: words.default([]) })).default([]),
    /**
     * Names of which a question means one and not the others (countries, nuclear accidents,
     * fusion companies, chatbots): a best fact that names another member of a group and none of
     * those the question names is evidence that the question asks about something else ("what
     * share of US power is nuclear" and China's 2%).
     */
    rivals: z
      .array(
        z.strictObject({
          group: z.string().trim().min(1, 'the group'),
          members: z.array(bilingualWords.refine((m) => m.en.length + m.zh.length >= 1, { message: 'a member has at least one name' })).min(2, 'a group has at least two members'),
        }),
      )
      .default([]),
    /** Phrases that ask what something is ("what is", "meaning", "是什么"): facts of the named topics, which define, are preferred. */
    definition_intent: z.strictObject({ topics: words.default([]), en: words.default([]), zh: words.default([]) }).default({ topics: [], en: [], zh: [] }),
    /** Extra words for the Chinese segmenter's dictionary, beyond the store's own keywords and synonyms. */
    zh_dictionary: words.default([]),
    /** Phrases that ask about the episode itself (speakers, date, title): /ask answers with /about's card when no fact is sure. */
    episode: bilingualWords.default({ en: [], zh: [] }),
  });
  return { lexiconFile };
});

export type Lexicon = z.infer<ReturnType<typeof lexiconSchema>['lexiconFile']>;

/** A store without lexicon.yaml (a test fixture) searches with no stop words or synonyms. */
export const EMPTY_LEXICON: Lexicon = {
  stop: { en: [], zh: [] },
  framing: { en: [], zh: [] },
  zh_question_prefixes: [],
  spellings: [],
  synonyms: [],
  figure_intent: { en: [], zh: [] },
  figure_kinds: [],
  rivals: [],
  definition_intent: { topics: [], en: [], zh: [] },
  zh_dictionary: [],
  episode: { en: [], zh: [] },
};

/** How a problem in the lexicon names its entry: "synonyms[3] (agreement)", "spellings[0] (data center)". */
export function lexiconEntryAt(raw: unknown, path: readonly PropertyKey[]): string | undefined {
  const list = path[0];
  if ((list !== 'synonyms' && list !== 'spellings') || typeof path[1] !== 'number') return undefined;
  const entry = (raw as Record<string, Array<{ as?: unknown; en?: unknown[]; zh?: unknown[] }> | undefined>)[list]?.[path[1]];
  const name = entry?.as ?? entry?.en?.[0] ?? entry?.zh?.[0];
  return `${list}[${path[1]}]${typeof name === 'string' ? ` (${name})` : ''}`;
}
