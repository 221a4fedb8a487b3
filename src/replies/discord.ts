import { type Locale, say } from '../locale.js';
import { describeOrigin } from './build.js';
import type { Action, Block, Reply, ReplyKind } from './model.js';
import { neutralise } from './neutralise.js';
import { renderPlain } from './plain.js';
import { inScript } from './script.js';

/**
 * Reply → Discord message payload (the API's JSON shape, no library types). Pure. Every string
 * is neutralised and, where Discord reads markdown, escaped, so echoed user text can neither
 * ping nor format; `allowed_mentions` parses nothing in any case.
 */

export const DISCORD_LIMITS = {
  total: 6000,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  content: 2000,
  rows: 5,
  buttonsPerRow: 5,
  label: 80,
  customId: 100,
} as const;

export const EPHEMERAL = 64;

export interface DiscordEmbedField {
  name: string;
  value: string;
  inline?: boolean;
}

export interface DiscordEmbed {
  title?: string;
  description?: string;
  color: number;
  fields?: DiscordEmbedField[];
  footer?: { text: string };
  /** An image shown in the embed; `attachment://name` for a file sent with the message. */
  image?: { url: string };
}

export interface DiscordButton {
  type: 2;
  style: 2;
  label: string;
  custom_id: string;
}

export interface DiscordActionRow {
  type: 1;
  components: DiscordButton[];
}

export interface DiscordMessage {
  content?: string;
  embeds?: DiscordEmbed[];
  components?: DiscordActionRow[];
  allowed_mentions: { parse: [] };
  flags?: number;
}

export interface DiscordRenderOptions {
  /** False where the app may not embed links: the plain rendering goes in `content` instead. */
  embeds?: boolean;
}

export const KIND_COLOURS: Record<ReplyKind, number> = {
  fact: 0x2f9e44,
  answer: 0x2f9e44,
  conversion: 0x1c7ed6,
  comparison: 0x0ca678,
  projection: 0x7048e8,
  list: 0x868e96,
  help: 0x1098ad,
  about: 0xf59f00,
  notice: 0xf76707,
  error: 0xe03131,
};

/** An empty name or value is rejected by Discord; a zero-width space stands in. */
const BLANK = '\u200b';
const URL_RE = /(https?:\/\/[^\s<>]+)/;

/**
 * Cuts to at most `max` UTF-16 units (Discord counts characters; UTF-16 length is never less),
 * never splitting a surrogate pair, and marks the cut.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** Escapes Discord markdown (bold, masked links, headings, quotes…) outside URLs. */
export function escapeMarkdown(text: string): string {
  return text
    .split(URL_RE)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/[\\*_~`|[\]<]/g, '\\$&').replace(/^(\s*)([>#-])/gm, '$1\\$2')))
    .join('');
}

/** For places Discord reads as markdown: description, field values, content. */
function md(text: string): string {
  return escapeMarkdown(neutralise(text));
}

/** For places Discord shows verbatim: title, field names, footer, button labels. */
function plain(text: string): string {
  return neutralise(text);
}

interface Sections {
  description: string[];
  fields: DiscordEmbedField[];
}

function splitValue(value: string): string[] {
  const max = DISCORD_LIMITS.fieldValue;
  if (value.length <= max) return [value];
  const chunks: string[] = [];
  let current = '';
  for (const line of value.split('\n')) {
    const piece = clip(line, max);
    if (current && current.length + 1 + piece.length > max) {
      chunks.push(current);
      current = piece;
    } else {
      current = current ? `${current}\n${piece}` : piece;
    }
  }
  if (current) chunks.push(current);
  return chunks;
}

/** A field whose value outgrows 1,024 characters continues in untitled fields below it. */
function addField(out: DiscordEmbedField[], name: string, value: string, inline = false): void {
  splitValue(value.trim() || BLANK).forEach((chunk, i) => {
    out.push({ name: i === 0 ? clip(plain(name).trim() || BLANK, DISCORD_LIMITS.fieldName) : BLANK, value: chunk, ...(inline && { inline }) });
  });
}

function addBlock(s: Sections, b: Block, locale: Locale): void {
  switch (b.type) {
    case 'text':
      // Text after the first field would jump above it in the description; it stays in order as a field.
      if (s.fields.length > 0) addField(s.fields, BLANK, md(b.text));
      else s.description.push(md(b.text));
      return;
    case 'quote': {
      const quoted = md(`“${b.text}”`)
        .split('\n')
        .map((l) => `> ${l}`)
        .join('\n');
      s.description.push(b.speaker ? `${quoted}\n> — ${md(b.speaker)}` : quoted);
      return;
    }
    case 'figures':
      for (const f of b.figures) addField(s.fields, f.label, `**${md(f.value)}**\n*${md(describeOrigin(f.origin, locale))}*`);
      return;
    case 'context': {
      const sources = b.sources.map((o) => `• ${md(describeOrigin(o, locale))}${o.kind === 'public' && o.url ? ` ${o.url}` : ''}`);
      const label = say(locale, 'Sources', '来源');
      addField(s.fields, b.title, [md(b.text), ...(sources.length ? [`*${label}*`, ...sources] : [])].join('\n'));
      return;
    }
    case 'list':
      addField(s.fields, b.title ?? BLANK, b.items.map((i) => `• ${md(i)}`).join('\n'));
      return;
    case 'table':
      addField(s.fields, b.title ?? BLANK, [`**${b.columns.map(md).join(' · ')}**`, ...b.rows.map((r) => r.map(md).join(' · '))].join('\n'));
      return;
    case 'fields':
      for (const f of b.fields) addField(s.fields, f.name, md(f.value), true);
      return;
  }
}

function fieldLength(f: DiscordEmbedField): number {
  return f.name.length + f.value.length;
}

/**
 * Lays the sections out in as many embeds as 25-field pages need, within the 6,000 characters
 * all embeds of one message share: title and footer first, then the description, then fields
 * in order until the budget runs out, the last one trimmed and the cut marked.
 */
function layout(reply: Reply, s: Sections): DiscordEmbed[] {
  const L = DISCORD_LIMITS;
  const color = KIND_COLOURS[reply.kind];
  const title = clip(plain(reply.title).trim() || BLANK, L.title);
  const footer = reply.footer ? clip(plain(reply.footer), L.footer) : undefined;
  let budget = L.total - title.length - (footer?.length ?? 0);
  const description = clip(s.description.filter(Boolean).join('\n\n'), Math.min(L.description, budget));
  budget -= description.length;

  const fields: DiscordEmbedField[] = [];
  for (const f of s.fields) {
    if (fields.length >= L.fields * L.embeds) break;
    if (fieldLength(f) <= budget) {
      fields.push(f);
      budget -= fieldLength(f);
      continue;
    }
    const room = budget - f.name.length;
    if (room >= 20) fields.push({ ...f, value: clip(f.value, room) });
    break;
  }

  const embeds: DiscordEmbed[] = [];
  for (let i = 0; i === 0 || i < fields.length; i += L.fields) {
    const page = fields.slice(i, i + L.fields);
    embeds.push({ ...(i === 0 && { title }), ...(i === 0 && description && { description }), color, ...(page.length > 0 && { fields: page }) });
  }
  if (footer) embeds[embeds.length - 1]!.footer = { text: footer };
  return embeds;
}

/** Buttons read best short: long labels stop at a word boundary, marked. */
const SHORT_LABEL = 60;

function buttonLabel(label: string, fallback: string): string {
  const text = plain(label).replace(/\s+/g, ' ').trim() || fallback;
  if (text.length <= SHORT_LABEL) return text;
  const cut = text.lastIndexOf(' ', SHORT_LABEL - 1);
  return clip(`${text.slice(0, cut > SHORT_LABEL / 2 ? cut : SHORT_LABEL - 1).replace(/[\s,;:.]+$/, '')}…`, DISCORD_LIMITS.label);
}

/** The 👍 / 👎 pair under a rated answer: buttons like any other, whose command line is the vote. */
export function feedbackActions(answer: string): Action[] {
  return [
    { label: '👍', command: `/feedback good answer=${answer}` },
    { label: '👎', command: `/feedback bad answer=${answer}` },
  ];
}

/**
 * Follow-up commands as buttons whose custom_id is the command line to run; a rated answer's
 * 👍 / 👎 get the last row of their own, so related facts can never crowd them out.
 */
export function renderButtons(actions: readonly Action[], feedback?: Reply['feedback']): DiscordActionRow[] {
  const L = DISCORD_LIMITS;
  const seen = new Set<string>();
  const buttons: DiscordButton[] = [];
  const room = (feedback ? L.rows - 1 : L.rows) * L.buttonsPerRow;
  for (const a of actions) {
    // Neutralised like all text; the word joiner it may add is dropped again when the line is run.
    const id = neutralise(a.command.trim());
    if (!id || id.length > L.customId || seen.has(id)) continue;
    seen.add(id);
    buttons.push({ type: 2, style: 2, label: buttonLabel(a.label, id), custom_id: id });
    if (buttons.length === room) break;
  }
  const rows: DiscordActionRow[] = [];
  for (let i = 0; i < buttons.length; i += L.buttonsPerRow) rows.push({ type: 1, components: buttons.slice(i, i + L.buttonsPerRow) });
  if (feedback) rows.push({ type: 1, components: feedbackActions(feedback.answer).map((a) => ({ type: 2, style: 2, label: a.label, custom_id: a.command })) });
  return rows;
}

export function isEphemeral(reply: Reply): boolean {
  return reply.kind === 'error' || reply.private === true;
}

export function renderDiscord(reply: Reply, locale: Locale, opts: DiscordRenderOptions = {}): DiscordMessage {
  return inScript(reply, discordMessage(reply, locale, opts));
}

function discordMessage(reply: Reply, locale: Locale, opts: DiscordRenderOptions): DiscordMessage {
  const components = renderButtons(reply.actions, reply.feedback);
  const base = {
    ...(components.length > 0 && { components }),
    allowed_mentions: { parse: [] as [] },
    ...(isEphemeral(reply) && { flags: EPHEMERAL }),
  };
  if (opts.embeds === false) {
    return { content: clip(escapeMarkdown(renderPlain(reply, locale)), DISCORD_LIMITS.content) || '…', ...base };
  }
  const sections: Sections = { description: [], fields: [] };
  for (const b of reply.blocks) addBlock(sections, b, locale);
  return { embeds: layout(reply, sections), ...base };
}

/** Characters Discord counts toward the 6,000 shared by a message's embeds. */
export function embedsLength(embeds: readonly DiscordEmbed[]): number {
  return embeds.reduce((n, e) => n + (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.fields ?? []).reduce((m, f) => m + fieldLength(f), 0), 0);
}
