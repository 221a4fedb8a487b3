/**
 * Makes text safe to show on any platform: nothing in it can be read as a mention
 * (@everyone, @here, <@id>, <@&role>, <#channel>, <!channel>, <!here>, <!subteam^…>).
 * Every renderer runs every string through this, because plain text is also the
 * platforms' fallback and a fallback is still parsed for mentions.
 *
 * A word joiner (U+2060) between the sigil and the name keeps the text readable while no
 * platform parses it as a mention.
 */
const WORD_JOINER = '\u2060';

export function neutralise(text: string): string {
  return text.replace(/@(everyone|here|channel)/gi, `@${WORD_JOINER}$1`).replace(/<([@#!])/g, `<${WORD_JOINER}$1`);
}
