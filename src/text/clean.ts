/**
 * Input hygiene shared by every command: Unicode-normalises what a user typed, drops control
 * and invisible characters (which can hide text or break matching) and collapses whitespace.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point: they are stripped from user input.
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/g;

export function cleanInput(raw: string): string {
  return raw.normalize('NFKC').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

/** Cuts text for display without splitting a surrogate pair, marking the cut. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}
