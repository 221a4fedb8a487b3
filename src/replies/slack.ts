import escapeStringRegexp from 'escape-string-regexp';
import { type Locale, say } from '../locale.js';
import { describeOrigin } from './build.js';
import type { Block, Origin, Reply } from './model.js';
import { neutralise } from './neutralise.js';
import { renderPlain } from './plain.js';
import { inScript } from './script.js';

/**
 * Slack Block Kit from the reply model. Pure: plain JSON in Slack's API shapes, no library
 * types. Every string a user could have influenced is neutralised and then escaped (& < >),
 * so `<!channel>`, `<@U1>` or `<http://x|y>` arrive as inert text; every text object also
 * carries `verbatim: true` so Slack does not auto-parse bare names into mentions. Sizes stay
 * within Slack's documented limits, measured on the escaped text Slack actually receives.
 */

export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  headerText: 150,
  fieldsPerSection: 10,
  fieldText: 2000,
  contextElements: 10,
  contextText: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  /** The notification fallback; Slack allows 40,000 but a notification shows only its start. */
  fallbackText: 500,
} as const;

/** Buttons carry this prefix plus an index as action_id; the adapter routes on it. */
export const SLACK_ACTION_PREFIX = 'wattson-run-';

export interface SlackPlainText {
  type: 'plain_text';
  text: string;
  emoji: boolean;
}
export interface SlackMrkdwn {
  type: 'mrkdwn';
  text: string;
  verbatim: true;
}
export interface SlackButton {
  type: 'button';
  text: SlackPlainText;
  action_id: string;
  value: string;
}
export type SlackBlock =
  | { type: 'header'; text: SlackPlainText }
  | { type: 'section'; text: SlackMrkdwn }
  | { type: 'section'; fields: SlackMrkdwn[] }
  | { type: 'context'; elements: SlackMrkdwn[] }
  | { type: 'actions'; elements: SlackButton[] };

export interface SlackMessage {
  /** The notification text: title and first paragraph in plain text, neutralised and escaped. */
  text: string;
  blocks: SlackBlock[];
}

export interface SlackRenderOptions {
  /**
   * With an umbrella command (`/wattson`), command lines shown in text ("Try: /fact topics") are
   * rewritten to the form a Slack user can type ("/wattson fact topics"). Button values keep
   * the canonical line, since the adapter runs them itself.
   */
  umbrella?: { command: string; names: readonly string[] };
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/** Neutralise, then escape Slack's three control characters. */
export function escapeSlack(text: string): string {
  // Most strings hold none of these; skipping them is most of a render's cost under load.
  if (!/[<>&@]/.test(text)) return text;
  return neutralise(text).replace(/[&<>]/g, (c) => ENTITIES[c]!);
}

/** Where a cut may fall in escaped text: never inside an entity or a surrogate pair. */
function safeCut(s: string, at: number): number {
  let cut = Math.max(1, at);
  const amp = s.lastIndexOf('&', cut - 1);
  if (amp >= 0 && amp > cut - 5 && !s.slice(amp, cut).includes(';')) cut = amp;
  const code = s.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return Math.max(1, cut);
}

/** Clips already-escaped text to `max` characters, marking the cut. */
export function clipEscaped(s: string, max: number): string {
  if (s.length <= max) return s;
  return `${s.slice(0, safeCut(s, max - 1))}…`;
}

/** Splits escaped text into pieces of at most `max`, preferring line then word boundaries. */
function splitEscaped(s: string, max: number): string[] {
  const out: string[] = [];
  let rest = s;
  while (rest.length > max) {
    let cut = rest.lastIndexOf('\n', max);
    if (cut < max * 0.5) cut = rest.lastIndexOf(' ', max);
    if (cut < max * 0.5) cut = safeCut(rest, max);
    out.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).replace(/^[\n ]/, '');
  }
  if (rest) out.push(rest);
  return out.filter((p) => p.length > 0);
}

/** Packs lines of markup into as few texts of at most `max` characters as possible. */
function pack(lines: string[], max: number): string[] {
  const out: string[] = [];
  let current: string | undefined;
  for (const line of lines.flatMap((l) => (l ? splitEscaped(l, max) : ['']))) {
    if (current === undefined) current = line;
    else if (current.length + 1 + line.length <= max) current += `\n${line}`;
    else {
      out.push(current);
      current = line;
    }
  }
  if (current !== undefined) out.push(current);
  // Slack rejects an empty text object; blank lines inside a text are kept.
  return out.map((t) => t.replace(/^\n+|\n+$/g, '')).filter((t) => t.trim().length > 0);
}

function mrkdwn(text: string): SlackMrkdwn {
  return { type: 'mrkdwn', text, verbatim: true };
}

function plain(escaped: string, max: number): SlackPlainText {
  return { type: 'plain_text', text: clipEscaped(escaped || '…', max), emoji: true };
}

function sections(lines: string[]): SlackBlock[] {
  return pack(lines, SLACK_LIMITS.sectionText).map((text) => ({ type: 'section', text: mrkdwn(text) }));
}

function fieldSections(fields: string[]): SlackBlock[] {
  const out: SlackBlock[] = [];
  for (let i = 0; i < fields.length; i += SLACK_LIMITS.fieldsPerSection) {
    out.push({ type: 'section', fields: fields.slice(i, i + SLACK_LIMITS.fieldsPerSection).map((f) => mrkdwn(clipEscaped(f, SLACK_LIMITS.fieldText))) });
  }
  return out;
}

/** Display width, CJK counting double, for the monospaced tables. */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/.test(ch) ? 2 : 1;
  return w;
}

function tableLines(columns: string[], rows: string[][]): string[] {
  const widths = columns.map((c, i) => Math.max(width(c), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c + ' '.repeat(Math.max(0, widths[i]! - width(c))))
      .join('  ')
      .trimEnd();
  return [line(columns), ...rows.map(line)];
}

/** Links only for URLs Wattson itself supplies (fact store, footer); user text is never linked. */
function linkify(escaped: string): string {
  return escaped.replace(/https?:\/\/[^\s<>|*]+[^\s<>|*.,;:)]/g, (url) => `<${url}>`);
}

/** The umbrella rewrite's pattern, built once per command list rather than once per string. */
const rewriteCache = new Map<string, RegExp>();

function commandPattern(names: readonly string[]): RegExp {
  const key = names.join('|');
  let re = rewriteCache.get(key);
  if (!re) {
    const alternatives = names.map(escapeStringRegexp).join('|');
    re = new RegExp(`(^|[\\s(“"'‘:：])/(${alternatives})(?![\\w-])`, 'g');
    if (rewriteCache.size > 16) rewriteCache.clear();
    rewriteCache.set(key, re);
  }
  return re;
}

class Renderer {
  private readonly pattern: RegExp | undefined;
  private readonly replacement: string;

  constructor(
    private readonly locale: Locale,
    opts: SlackRenderOptions,
  ) {
    const u = opts.umbrella;
    this.pattern = u && u.names.length > 0 ? commandPattern(u.names) : undefined;
    this.replacement = u ? `$1/${u.command} $2` : '';
  }

  /** Escapes user-visible text, rewriting command lines for the umbrella command. */
  esc(text: string): string {
    return escapeSlack(this.commands(text));
  }

  commands(text: string): string {
    // A cheap test first: most strings contain no slash at all.
    return this.pattern && text.includes('/') ? text.replace(this.pattern, this.replacement) : text;
  }

  origin(o: Origin): string {
    const described = this.esc(describeOrigin(o, this.locale));
    return o.kind === 'public' && o.url ? `${described} ${linkify(escapeSlack(o.url))}` : described;
  }

  block(b: Block): SlackBlock[] {
    const bold = (s: string) => `*${this.esc(s)}*`;
    switch (b.type) {
      case 'text':
        return sections(b.text.split('\n').map((l) => this.esc(l)));
      case 'figures':
        return fieldSections(b.figures.map((f) => `${bold(f.label)}\n${this.esc(f.value)}\n_${this.origin(f.origin)}_`));
      case 'quote':
        return sections([...b.text.split('\n').map((l) => `>${this.esc(`“${l}”`)}`), ...(b.speaker ? [`>— ${this.esc(b.speaker)}`] : [])]);
      case 'context': {
        const body = sections([bold(b.title), ...b.text.split('\n').map((l) => this.esc(l))]);
        const label = say(this.locale, 'Source', '来源');
        const sources = b.sources.slice(0, SLACK_LIMITS.contextElements).map((s) => mrkdwn(clipEscaped(`${this.esc(label)}: ${this.origin(s)}`, SLACK_LIMITS.contextText)));
        return sources.length > 0 ? [...body, { type: 'context', elements: sources }] : body;
      }
      case 'list':
        return sections([...(b.title ? [bold(b.title)] : []), ...b.items.map((i) => `• ${this.esc(i)}`)]);
      case 'table': {
        // A code block keeps the columns aligned; each chunk is fenced on its own.
        const rows = tableLines(b.columns, b.rows).map((l) => this.esc(l));
        const chunks = pack(rows, SLACK_LIMITS.sectionText - 8);
        return [...(b.title ? sections([bold(b.title)]) : []), ...chunks.map((c): SlackBlock => ({ type: 'section', text: mrkdwn(`\`\`\`\n${c}\n\`\`\``) }))];
      }
      case 'fields':
        return fieldSections(b.fields.map((f) => `${bold(f.name)}\n${this.esc(f.value)}`));
    }
  }

  /** 👍 / 👎 in an actions block of their own, after any other buttons. */
  feedback(reply: Reply): SlackBlock | undefined {
    if (!reply.feedback) return undefined;
    const { answer } = reply.feedback;
    return {
      type: 'actions',
      elements: (['good', 'bad'] as const).map(
        (vote): SlackButton => ({
          type: 'button',
          text: plain(vote === 'good' ? '👍' : '👎', SLACK_LIMITS.buttonText),
          action_id: `${SLACK_ACTION_PREFIX}feedback-${vote}`,
          value: `/feedback ${vote} answer=${answer}`,
        }),
      ),
    };
  }

  actions(reply: Reply): SlackBlock | undefined {
    const buttons = reply.actions
      .filter((a) => a.command.length <= SLACK_LIMITS.buttonValue)
      .slice(0, SLACK_LIMITS.actionsElements)
      .map(
        (a, i): SlackButton => ({
          type: 'button',
          text: plain(this.esc(a.label), SLACK_LIMITS.buttonText),
          action_id: `${SLACK_ACTION_PREFIX}${i}`,
          value: a.command,
        }),
      );
    return buttons.length > 0 ? { type: 'actions', elements: buttons } : undefined;
  }
}

export function renderSlack(reply: Reply, locale: Locale, opts: SlackRenderOptions = {}): SlackMessage {
  return inScript(reply, slackMessage(reply, locale, opts));
}

function slackMessage(reply: Reply, locale: Locale, opts: SlackRenderOptions): SlackMessage {
  const r = new Renderer(locale, opts);
  const header: SlackBlock = { type: 'header', text: plain(r.esc(reply.title), SLACK_LIMITS.headerText) };
  const body = reply.blocks.flatMap((b) => r.block(b));
  const tail: SlackBlock[] = [];
  const actions = r.actions(reply);
  if (actions) tail.push(actions);
  const feedback = r.feedback(reply);
  if (feedback) tail.push(feedback);
  if (reply.footer) tail.push({ type: 'context', elements: [mrkdwn(clipEscaped(linkify(r.esc(`— ${reply.footer}`)), SLACK_LIMITS.contextText))] });
  const room = SLACK_LIMITS.blocks - 1 - tail.length;
  let shown = body;
  if (body.length > room) {
    // Keep the header, the buttons and the citation; say what was left out.
    const more = body.length - (room - 1);
    shown = [...body.slice(0, room - 1), { type: 'context', elements: [mrkdwn(r.esc(say(locale, `… ${more} more parts not shown.`, `……另有 ${more} 部分未显示。`)))] }];
  }
  // The fallback is what a notification shows: the title and the first paragraph, in plain text.
  const firstText = reply.blocks.find((b) => b.type === 'text');
  const { footer: _footer, ...rest } = reply;
  const summary = renderPlain({ ...rest, blocks: firstText ? [firstText] : [], actions: [] }, locale);
  const text = summary.trim() ? clipEscaped(escapeSlack(r.commands(summary)), SLACK_LIMITS.fallbackText) : '…';
  return { text, blocks: [header, ...shown, ...tail] };
}
