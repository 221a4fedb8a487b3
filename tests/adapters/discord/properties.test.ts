import { ApplicationCommandOptionType as T } from 'discord.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registrationBody } from '../../../src/adapters/discord/registration.js';
import type { Option, RecordedRequest } from './fake-discord.js';
import { type Harness, startHarness } from './harness.js';

/**
 * Property test of the Discord interaction handler (src/adapters/discord/handle.ts) through the
 * real discord.js client and the loopback gateway: random slash commands built on the commands
 * as registered (random values of every type, wrong types, unknown and missing options, unknown
 * commands), random autocomplete input and random button custom_ids. Every interaction gets
 * exactly one answer Discord accepts (the fake checks its limits), no answer carries a stack
 * trace or an internal error, nothing is logged as a failure, and the client stays connected.
 */

let h: Harness;
const processErrors: unknown[] = [];
const onProcessError = (err: unknown) => processErrors.push(err);

beforeAll(async () => {
  h = await startHarness();
  process.on('uncaughtException', onProcessError);
  process.on('unhandledRejection', onProcessError);
});

afterAll(async () => {
  process.off('uncaughtException', onProcessError);
  process.off('unhandledRejection', onProcessError);
  await h?.stop();
});

const registered = () => registrationBody(h.rt.commands, 'global');

const text = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', '@everyone', '<@&1> <@123>', '5 MW to kW', '9am Asia/Shanghai', 'topics', '万亿', '-1', 'NaN', '1e309', '/fact topics', 'x'.repeat(6000)),
);
const valueOfType = (type: number): fc.Arbitrary<string | number | boolean> => {
  switch (type) {
    case T.Integer:
      return fc.oneof(fc.integer(), fc.constantFrom(0, -1, 2 ** 53, -(2 ** 53)));
    case T.Number:
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case T.Boolean:
      return fc.boolean();
    default:
      return text;
  }
};
/** Mostly the declared type; sometimes another, as a stale registration or a broken client could send. */
const anyValue = (declared: number) =>
  fc.oneof({ weight: 4, arbitrary: valueOfType(declared) }, { weight: 1, arbitrary: fc.constantFrom(T.String, T.Integer, T.Number, T.Boolean).chain(valueOfType) });

function optionsFrom(declared: readonly { name: string; type: number; options?: readonly { name: string; type: number }[] }[]): fc.Arbitrary<Option[]> {
  const basic = declared.filter((o) => o.type !== T.Subcommand && o.type !== T.SubcommandGroup);
  const subs = declared.filter((o) => o.type === T.Subcommand);
  const flat = fc.tuple(fc.subarray(basic), fc.array(fc.tuple(fc.string({ minLength: 1, maxLength: 10 }), fc.constantFrom(T.String, T.Integer)), { maxLength: 2 })).chain(([chosen, extra]) =>
    fc.tuple(
      ...chosen.map((o) =>
        anyValue(o.type).map((value) => ({
          name: o.name,
          type: typeof value === 'boolean' ? T.Boolean : typeof value === 'number' ? (Number.isInteger(value) ? T.Integer : T.Number) : T.String,
          value,
        })),
      ),
      ...extra.map(([name, type]) => valueOfType(type).map((value) => ({ name, type, value }))),
    ),
  );
  if (subs.length === 0) return flat;
  return fc.constantFrom(...subs).chain((sub) => optionsFrom(sub.options ?? []).map((options): Option[] => [{ name: sub.name, type: T.Subcommand, options }]));
}

const slash = fc.oneof(
  {
    weight: 9,
    arbitrary: fc.integer({ min: 0, max: 1000 }).chain((i) => {
      const commands = registered();
      const cmd = commands[i % commands.length]!;
      return optionsFrom((cmd.options ?? []) as never).map((options) => ({ name: cmd.name, options }));
    }),
  },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('nope', 'Ask', 'help ', 'x'.repeat(32)), fc.constant<Option[]>([])).map(([name, options]) => ({ name, options })) },
);

const autocomplete = fc
  .tuple(fc.constantFrom('ask', 'fact', 'convert', 'help', 'project', 'daily', 'nope'), fc.constantFrom('id', 'question', 'quantity', 'command', 'preset', 'timezone', 'nope'), text)
  .map(([name, option, value]) => ({ name, options: [{ name: option, type: T.String, value, focused: true }] as Option[] }));

const customId = fc.oneof(
  fc.string({ maxLength: 100 }),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.tuple(fc.constantFrom('/fact ', '/ask ', '/convert ', '/project ', '/daily ', '/help ', '/about', '/', '//', '/fcat '), fc.string({ maxLength: 80 })).map(([a, b]) => `${a}${b}`.slice(0, 100)),
  fc.constantFrom('/fact topics', '/daily subscribe 9am Asia/Shanghai', '/daily unsubscribe', '/project cluster gpus=-1', '/convert 1e400 W to kW', '/ask @everyone'),
);

const interaction = fc.oneof(
  slash.map((s) => ({ kind: 'slash' as const, ...s })),
  autocomplete.map((a) => ({ kind: 'autocomplete' as const, ...a })),
  customId.map((id) => ({ kind: 'button' as const, id })),
);

/** Every string in a body, wherever it sits. */
function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v && typeof v === 'object') return Object.values(v).flatMap(strings);
  return [];
}

const STACK_FRAME = /\n\s*at .+[:(]\d+/;

describe('Discord interactions under random input', () => {
  it('answers every interaction once, cleanly, without a stack trace, and keeps the client connected', { timeout: 180_000 }, async () => {
    const kinds = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(interaction, fc.constantFrom('en-US', 'zh-CN', 'fr'), fc.boolean(), async (i, locale, dm) => {
        const opts = { locale, dm };
        const sent = i.kind === 'slash' ? h.fake.slash(i.name, i.options, opts) : i.kind === 'autocomplete' ? h.fake.autocomplete(i.name, i.options, opts) : h.fake.button(i.id, opts);
        // The fake accepts only answers within Discord's limits; one that never comes fails the test by its timeout.
        const cb: RecordedRequest = await h.fake.callbackFor(sent.id);
        kinds.set(cb.body.type, (kinds.get(cb.body.type) ?? 0) + 1);
        expect(cb.body.type).toBe(i.kind === 'autocomplete' ? 8 : 4);
        const shown = strings(cb.body.data).join('\n');
        expect(shown).not.toMatch(STACK_FRAME);
        expect(shown).not.toMatch(/TypeError|RangeError|SyntaxError|undefined|\[object Object\]/);
        if (i.kind !== 'autocomplete') expect(cb.body.data.allowed_mentions).toEqual({ parse: [] });
      }),
      { numRuns: 300 },
    );
    // Exactly one answer each: nothing was refused as a second acknowledgement.
    expect(h.fake.requests.filter((r) => r.path.includes('/interactions/') && r.status >= 400)).toEqual([]);
    expect(h.logs.filter((l) => l.level >= 50)).toEqual([]);
    expect(processErrors).toEqual([]);
    expect(h.adapter.client.isReady()).toBe(true);
    expect([...kinds.keys()].sort()).toEqual([4, 8]);
  });
});
