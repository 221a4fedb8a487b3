import type { Locale } from '../locale.js';
import { say } from '../locale.js';
import { describeOrigin } from './build.js';
import type { Block, Reply } from './model.js';
import { neutralise } from './neutralise.js';
import { inScript } from './script.js';

/**
 * Plain text: the console, the CLI, and every platform's notification fallback. Pure, and
 * every string passes through neutralise() because plain text is parsed for mentions too.
 */

function padTable(columns: string[], rows: string[][]): string[] {
  const widths = columns.map((c, i) => Math.max(width(c), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c + ' '.repeat(widths[i]! - width(c)))
      .join('  ')
      .trimEnd();
  return [line(columns), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

/** Display width: CJK characters take two columns in a terminal. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/.test(ch) ? 2 : 1;
  return w;
}

function block(b: Block, locale: Locale): string[] {
  switch (b.type) {
    case 'text':
      return [b.text];
    case 'figures':
      return b.figures.map((f) => `• ${f.label}: ${f.value} [${describeOrigin(f.origin, locale)}]`);
    case 'quote':
      return [`“${b.text}”${b.speaker ? ` (${b.speaker})` : ''}`];
    case 'context':
      return [
        `${b.title}${locale === 'zh' ? '。' : '. '}${b.text}`,
        ...b.sources.map((s) => `  ${say(locale, 'Source', '来源')}: ${describeOrigin(s, locale)}${s.kind === 'public' && s.url ? ` ${s.url}` : ''}`),
      ];
    case 'list':
      return [...(b.title ? [b.title] : []), ...b.items.map((i) => `• ${i}`)];
    case 'table':
      return [...(b.title ? [b.title] : []), ...padTable(b.columns, b.rows)];
    case 'fields':
      return b.fields.map((f) => `${f.name}: ${f.value}`);
  }
}

export function renderPlain(reply: Reply, locale: Locale): string {
  return inScript(reply, plainText(reply, locale));
}

function plainText(reply: Reply, locale: Locale): string {
  const parts: string[] = [reply.title, ''];
  for (const b of reply.blocks) parts.push(...block(b, locale), '');
  // Buttons on the platforms; in plain text only the commands the body does not already show.
  const body = parts.join('\n');
  const next = reply.actions.filter((a) => !body.includes(a.command));
  if (next.length > 0) {
    parts.push(say(locale, 'Next:', '接下来：'));
    for (const a of next) parts.push(a.label === a.command ? `  ${a.command}` : `  ${a.command}  (${a.label})`);
    parts.push('');
  }
  if (reply.footer) parts.push(`— ${reply.footer}`);
  return neutralise(
    parts
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim(),
  );
}
