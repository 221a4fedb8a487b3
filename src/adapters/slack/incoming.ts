import type { CommandDef } from '../../command.js';

/**
 * What a Slack user typed, turned back into what they meant. Slack sends text with its own
 * markup (`<@U1|ann>`, `<http://x|label>`, `<!here>`) and with & < > escaped; commands and
 * the fact search want the plain words, and every reply escapes again on the way out.
 */

/** `<@U123|ann>` → `@ann`, `<http://x|label>` → `label`, `<!here>` → `@here`, then entities. */
export function slackToPlain(text: string): string {
  return text
    .replace(/<([^<>]*)>/g, (_m, inner: string) => {
      const [target = '', label] = inner.split('|', 2);
      if (target.startsWith('@')) return label ? `@${label.replace(/^@/, '')}` : target;
      if (target.startsWith('#')) return label ? `#${label}` : target;
      if (target.startsWith('!')) {
        if (label) return label;
        const name = target.slice(1).split('^')[0] ?? '';
        return `@${name}`;
      }
      return label ?? target;
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Removes mentions of the bot itself (`<@UBOT>`, `<@UBOT|wattson>`), wherever they are. */
export function stripBotMention(text: string, botUserId: string | undefined): string {
  if (!botUserId) return text;
  return text
    .replace(new RegExp(`<@${botUserId.replace(/\W/g, '')}(\\|[^>]*)?>[,:]?`, 'g'), ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export type LocaleFlag = 'en' | 'zh' | undefined;

/** A leading `--zh` or `--en` picks the answer language for this one question. */
export function takeLocaleFlag(text: string): { flag: LocaleFlag; text: string } {
  const m = /^\s*--(zh|en)\b\s*/i.exec(text);
  if (!m) return { flag: undefined, text: text.trim() };
  return { flag: m[1]!.toLowerCase() as 'en' | 'zh', text: text.slice(m[0].length).trim() };
}

export function hasChinese(text: string): boolean {
  return /[\u3400-\u9fff\uf900-\ufaff]/.test(text);
}

function distance(a: string, b: string): number {
  // Damerau-Levenshtein (optimal string alignment): a swapped pair of letters is one slip.
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * A slip of one letter: dropped, doubled or swapped (`convrt`, `hlep`). A changed letter counts
 * only in long names, since short words one letter from a name are real words ("fast", "face").
 */
function nearMiss(word: string, name: string): boolean {
  if (!/^[a-z]{4,}$/.test(word) || distance(word, name) !== 1) return false;
  const sameLetters = [...word].sort().join('') === [...name].sort().join('');
  return word.length !== name.length || sameLetters || name.length >= 6;
}

export interface Line {
  /** The line to hand to executeLine. */
  line: string;
  /**
   * The command word was typed bare ("about the grid…"), so it may have been an ordinary word:
   * if the command cannot use the rest of the text, the whole text is asked as a question.
   */
  guessed: boolean;
}

/**
 * Picks the command for a text: its first word when that is a command (`convert 5 MW to kW`,
 * `/fact topics`), otherwise the whole text is a question for ask. After the umbrella slash
 * command, whose first word is documented as the command, a near miss of a command name
 * (`convrt`) gets the usual "did you mean" error instead of being asked as a question.
 */
export function chooseLine(text: string, commands: readonly CommandDef[], where: 'slash' | 'message'): Line {
  const t = text.trim();
  if (!t) return { line: '/help', guessed: false };
  const explicit = t.startsWith('/');
  const body = explicit ? t.slice(1) : t;
  const first = (/^\S+/.exec(body)?.[0] ?? '').toLowerCase();
  if (commands.some((c) => c.name === first)) return { line: `/${body}`, guessed: !explicit && body.toLowerCase() !== first };
  if (explicit) return { line: `/${body}`, guessed: false };
  if (where === 'slash' && commands.some((c) => nearMiss(first, c.name))) return { line: `/${body}`, guessed: false };
  return { line: `/ask ${t}`, guessed: false };
}
