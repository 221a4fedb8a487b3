import * as z from 'zod';
import type { Bilingual } from '../facts/schema.js';
import type { Args, OptionsSchema } from './command.js';

/**
 * Options are zod schemas; everything else about them (Discord's option JSON, the Slack
 * usage line, /help, completion, the typed-text binder) is read off the schema through zod's
 * own JSON Schema export, so there is one declaration and no hand-kept copy to drift.
 */

/** Where an option's autocomplete suggestions come from. */
export type CompletionSource = 'fact' | 'fact-or-topic' | 'command' | 'unit' | 'growth-preset' | 'cluster-preset' | 'plant' | 'compare';

/** What zod does not know about an option: its Chinese description and how chat surfaces treat it. */
export interface OptionMeta {
  zh: string;
  /** In typed text (console, CLI, Slack), this option takes the rest of the line. */
  rest?: boolean;
  autocomplete?: CompletionSource;
  /** Display names for an enum's values (Discord shows these in its picker). */
  choiceNames?: Record<string, string>;
}

/** An option's description in both languages, plus its chat behaviour, for `.meta()`. */
export function about(en: string, zh: string, extra: Omit<OptionMeta, 'zh'> = {}): { description: string; wattson: OptionMeta } {
  return { description: en, wattson: { zh, ...extra } };
}

/**
 * The options every command takes, declared once here and never by a command: the dispatch
 * layer reads them before a command runs. Discord registers them on every command and
 * subcommand; typed text (console, CLI, Slack) writes them as flags (`--private`).
 */
export const PRIVATE_OPTION = 'private';
export const COMMON_OPTIONS = z.object({
  [PRIVATE_OPTION]: z.boolean().optional().meta(about('Only you see the answer; a button posts it in the channel', '只有你能看到回答；按钮可将其发到频道')),
});

/** The common options' specs, after a command's own. */
export function commonOptionSpecs(): readonly OptionSpec[] {
  return optionSpecs(COMMON_OPTIONS);
}

/** The derived, platform-neutral view of one option. */
export interface OptionSpec {
  name: string;
  description: Bilingual;
  type: 'string' | 'number' | 'integer' | 'boolean';
  required: boolean;
  rest?: boolean;
  autocomplete?: CompletionSource;
  choices?: readonly { name: string; value: string }[];
  minValue?: number;
  maxValue?: number;
  maxLength?: number;
}

interface JsonProperty {
  type?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonProperty[];
  description?: string;
  wattson?: OptionMeta;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  maxLength?: number;
}

const specCache = new WeakMap<OptionsSchema, OptionSpec[]>();

/** The options of a schema, in declaration order. */
export function optionSpecs(schema: OptionsSchema): readonly OptionSpec[] {
  let specs = specCache.get(schema);
  if (specs) return specs;
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, JsonProperty>; required?: string[] };
  const required = new Set(json.required ?? []);
  specs = Object.entries(json.properties ?? {}).map(([name, p]): OptionSpec => {
    const meta = p.wattson;
    // Fixed values: a string enum, or number literals (z.literal, a union of them).
    const literals = p.anyOf?.every((a) => 'const' in a) ? p.anyOf : undefined;
    const values = p.enum ?? (p.const !== undefined ? [p.const] : literals?.map((a) => a.const));
    const jsonType = p.type ?? literals?.[0]?.type;
    const type = jsonType === 'integer' || jsonType === 'number' || jsonType === 'boolean' ? jsonType : 'string';
    // zod states an integer's safe range as its bounds; those are no bound a user needs to see.
    const bound = (n: number | undefined) => (n !== undefined && Math.abs(n) < Number.MAX_SAFE_INTEGER ? n : undefined);
    const minimum = bound(p.minimum ?? p.exclusiveMinimum);
    const maximum = bound(p.maximum);
    return {
      name,
      description: { en: p.description ?? name, zh: meta?.zh ?? p.description ?? name },
      type,
      required: required.has(name),
      ...(meta?.rest && { rest: true }),
      ...(meta?.autocomplete && { autocomplete: meta.autocomplete }),
      ...(values && { choices: values.map((v) => ({ name: meta?.choiceNames?.[String(v)] ?? String(v), value: String(v) })) }),
      ...(minimum !== undefined && { minValue: minimum }),
      ...(maximum !== undefined && { maxValue: maximum }),
      ...(p.maxLength !== undefined && { maxLength: p.maxLength }),
    };
  });
  specCache.set(schema, specs);
  return specs;
}

export type RawArgs = Record<string, string | number | boolean | undefined>;

export type ReadArgs = { ok: true; args: Args } | { ok: false; option: string; message: Bilingual };

const TRUE = /^(true|yes|y|on|1|是)$/i;
const FALSE = /^(false|no|n|off|0|否)$/i;

/**
 * Typed text arrives as strings: numbers and booleans are read here so that zod judges the
 * value, not its spelling ("1,000" is a thousand). Blank strings are absent, as in every form.
 */
function prepare(specs: readonly OptionSpec[], raw: RawArgs): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const spec of specs) {
    let v: unknown = raw[spec.name];
    if (typeof v === 'string') {
      v = v.trim();
      if (v === '') continue;
      if (spec.type === 'number' || spec.type === 'integer') {
        const n = Number((v as string).replace(/,/g, ''));
        if (Number.isFinite(n)) v = n;
      } else if (spec.type === 'boolean') {
        if (TRUE.test(v as string)) v = true;
        else if (FALSE.test(v as string)) v = false;
      }
    }
    if (v !== undefined) out[spec.name] = v;
  }
  return out;
}

function shown(v: unknown): string {
  return String(v).slice(0, 40);
}

/** A zod issue as a message the user can act on, naming the option. */
function explain(issue: z.core.$ZodIssue, spec: OptionSpec | undefined, input: Record<string, unknown>): Bilingual {
  const name = `\`${spec?.name ?? String(issue.path[0] ?? 'option')}\``;
  const value = spec ? input[spec.name] : undefined;
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return { en: `${name} is missing.`, zh: `缺少 ${name}。` };
      if (spec?.type === 'integer') return { en: `${name} must be a whole number, not "${shown(value)}".`, zh: `${name} 必须是整数，而不是“${shown(value)}”。` };
      if (spec?.type === 'number') return { en: `${name} must be a number, not "${shown(value)}".`, zh: `${name} 必须是数字，而不是“${shown(value)}”。` };
      if (spec?.type === 'boolean') return { en: `${name} must be true or false, not "${shown(value)}".`, zh: `${name} 必须是 true 或 false，而不是“${shown(value)}”。` };
      return { en: `${name} is not valid.`, zh: `${name} 无效。` };
    case 'too_small':
      if (issue.origin === 'string') return { en: `${name} is missing.`, zh: `缺少 ${name}。` };
      return { en: `${name} must be at least ${issue.minimum}.`, zh: `${name} 不能小于 ${issue.minimum}。` };
    case 'too_big': {
      if (issue.origin === 'string') {
        const sent = Array.from(String(value ?? '')).length;
        return { en: `${name} is too long: at most ${issue.maximum} characters, you sent ${sent}.`, zh: `${name} 太长：最多 ${issue.maximum} 个字符，你发送了 ${sent} 个。` };
      }
      return { en: `${name} must be at most ${issue.maximum}.`, zh: `${name} 不能大于 ${issue.maximum}。` };
    }
    case 'invalid_value': {
      const values = issue.values.map(String);
      return { en: `${name} must be one of: ${values.join(', ')}.`, zh: `${name} 只能是：${values.join('、')}。` };
    }
    default:
      return { en: issue.message, zh: issue.message };
  }
}

/** Validates raw arguments against a command's options: the one validator every platform's input goes through. */
export function readArgs(schema: OptionsSchema, raw: RawArgs): ReadArgs {
  const specs = optionSpecs(schema);
  const input = prepare(specs, raw);
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, args: parsed.data as Args };
  const issue = parsed.error.issues[0]!;
  const spec = specs.find((s) => s.name === issue.path[0]);
  return { ok: false, option: spec?.name ?? String(issue.path[0] ?? ''), message: explain(issue, spec, input) };
}
