import * as z from 'zod';
import { lazily } from './lazily.js';

/**
 * The phrasings of a conversation (facts/conversation.yaml): how people point back at the last
 * answer, ask about it, put a number in a question or ask for a comparison. Data, validated at
 * load like every file in facts/, so a new phrasing is a line of YAML and a broken one stops
 * start-up with the file and the field at fault.
 */

export const CONVERSATION_FILE = 'conversation.yaml';

/** The conversation file's schema, built on first use (see factSchemas). */
export const conversationSchema = lazily(() => {
  /** Phrases are matched case-insensitively, so they are stored lower-cased. */
  const phrase = z
    .string()
    .trim()
    .min(1)
    .transform((s) => s.toLowerCase().replace(/\s+/g, ' '));
  const phrases = z.strictObject({ en: z.array(phrase).default([]), zh: z.array(phrase).default([]) });

  const template = z
    .string()
    .trim()
    .refine((t) => t.split('{a}').length <= 2 && t.split('{b}').length === 2, { message: 'a comparison template holds {b} once, and {a} at most once (without it, {a} is the last answer)' });

  const conversationFile = z.strictObject({
    refer: phrases,
    filler: phrases,
    about: z.strictObject({ links: phrases, speaker: phrases, source: phrases, more: phrases, why: phrases }),
    convert: z.strictObject({ lead: phrases, trail: phrases, places: phrases, count_leads: phrases, asks: z.strictObject({ energy: phrases, power: phrases }) }),
    lean: phrases,
    compare: z.strictObject({ en: z.array(template).default([]), zh: z.array(template).default([]) }),
    numbers: z.strictObject({
      target_lead: phrases,
      asks: z.strictObject({ energy: phrases, power: phrases, cost: phrases }),
      duration_lead: phrases,
      duration_filler: phrases,
      check_tags: phrases,
      prices: z.array(
        z.strictObject({
          pattern: z
            .string()
            .trim()
            .refine((p) => p.split('{n}').length === 2, { message: 'a price pattern holds {n} once' }),
          usd_per_kwh: z.number().positive(),
        }),
      ),
    }),
  });
  return { conversationFile };
});

export type ConversationPhrases = z.output<ReturnType<typeof conversationSchema>['conversationFile']>;
export type AboutKind = Exclude<keyof ConversationPhrases['about'], 'links'>;
