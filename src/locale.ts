import type { Bilingual } from './facts/schema.js';

export type Locale = 'en' | 'zh';
export const LOCALES: readonly Locale[] = ['en', 'zh'];

/** Maps a platform locale (Discord's zh-CN/zh-TW, Slack's zh-CN, "zh") to an answer language. */
export function toLocale(platformLocale: string | undefined | null): Locale {
  return platformLocale && /^zh\b/i.test(platformLocale) ? 'zh' : 'en';
}

export function pick(locale: Locale, text: Bilingual): string {
  return text[locale];
}

/** Inline bilingual text for messages that are not facts. */
export function say(locale: Locale, en: string, zh: string): string {
  return locale === 'zh' ? zh : en;
}
