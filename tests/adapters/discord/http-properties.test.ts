import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Command, Leaf } from '../../../src/dispatch/command.js';
import { optionSpecs } from '../../../src/dispatch/options.js';
import { createRuntime } from '../../../src/dispatch/runtime.js';
import { capturingLogger } from './harness.js';
import { type HttpHarness, startHttpHarness } from './http-helpers.js';
import { makeSigner, postRaw } from './signer.js';

/**
 * Property test of POST /discord/interactions on the real adapter: random interactions built on
 * the registry (commands, subcommands, option values of every type, autocomplete, buttons),
 * Discord's payloads with fields replaced or removed, arbitrary JSON and bytes, signed with
 * Discord's key or forged in every way the signature check must refuse, each sent twice.
 * Whatever arrives: every answer is 2xx or 4xx, nothing forged or replayed runs a command,
 * nothing is logged as a failure, and the process sees no uncaught error.
 */

const logs: Record<string, any>[] = [];
const runs = { all: 0 };
const base = createRuntime({ log: capturingLogger(logs), random: () => 0 });
const counted =
  (run: Leaf['run']): Leaf['run'] =>
  (...args) => {
    runs.all += 1;
    return run(...args);
  };
const commands: Command[] = base.commands.map((c) => ({
  ...c,
  ...(c.run && { run: counted(c.run) }),
  ...(c.subcommands && { subcommands: c.subcommands.map((s) => ({ ...s, run: counted(s.run) })) }),
}));
const rt = { ...base, commands };
let h: HttpHarness;
const other = makeSigner();
const processErrors: unknown[] = [];
const onProcessError = (err: unknown) => processErrors.push(err);

beforeAll(async () => {
  h = await startHttpHarness(rt);
  process.on('uncaughtException', onProcessError);
  process.on('unhandledRejection', onProcessError);
});

afterAll(async () => {
  process.off('uncaughtException', onProcessError);
  process.off('unhandledRejection', onProcessError);
  await h?.stop();
});

const TYPES = { string: 3, integer: 4, boolean: 5, number: 10 } as const;
const anyJson = fc.oneof(fc.constantFrom(null, [], {}, 1, -1, 1.5, '', 'x', true, [null], { id: null }, '1'.repeat(30)), fc.jsonValue({ maxDepth: 3 }));
const text = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom('topics', 'helion', '5 MW to kW', '@everyone', '<@1>', '/fact topics', '9am Asia/Shanghai'),
);

function leafOptions(leaf: Leaf | undefined) {
  const specs = leaf ? optionSpecs(leaf.options) : [];
  const known = specs.map((s) =>
    fc.record({
      name: fc.constant(s.name),
      type: fc.oneof({ weight: 4, arbitrary: fc.constant(TYPES[s.type]) }, fc.constantFrom(3, 4, 5, 10, 6)),
      value: fc.oneof(text, fc.integer(), fc.double({ noNaN: false }), fc.boolean()),
      focused: fc.option(fc.boolean(), { nil: undefined }),
    }),
  );
  const stray = fc.record({ name: text, type: fc.integer({ min: 0, max: 12 }), value: fc.oneof(text, fc.integer(), fc.boolean()) });
  return fc.array(known.length ? fc.oneof(...known, stray) : stray, { maxLength: 4 });
}

/** A command or autocomplete interaction shaped by the registry. */
const fromRegistry = fc.constantFrom(...commands).chain((cmd) => {
  const subs = cmd.subcommands ?? [];
  const options = subs.length
    ? fc.constantFrom(...subs).chain((s) => leafOptions(s).map((opts) => [{ name: s.name, type: 1, options: opts }]))
    : leafOptions(cmd.run ? { options: cmd.options, run: cmd.run } : undefined);
  return fc
    .tuple(options, fc.constantFrom<'command' | 'autocomplete'>('command', 'autocomplete'), fc.constantFrom('en-US', 'zh-CN', 'fr', ''), fc.boolean())
    .map(([opts, kind, locale, dm]) => (kind === 'command' ? h.fake.commandPayload(cmd.name, opts as any, { locale, dm }) : h.fake.autocompletePayload(cmd.name, opts as any, { locale, dm })));
});

const button = fc.tuple(fc.oneof(text, fc.constantFrom('/fact topics', '/help', '/daily status')), fc.boolean()).map(([id, dm]) => h.fake.buttonPayload(id.slice(0, 100) || 'x', { dm }));

/** One of Discord's payloads with a few fields replaced, removed or added. */
const mutated = fc
  .tuple(
    fc.oneof(fromRegistry, button),
    fc.array(fc.tuple(fc.constantFrom('type', 'data', 'member', 'user', 'id', 'token', 'application_id', 'locale', 'app_permissions', 'guild_id', 'channel', 'extra'), fc.option(anyJson)), {
      minLength: 1,
      maxLength: 3,
    }),
  )
  .map(([payload, edits]) => {
    for (const [k, v] of edits) {
      if (v === null) delete payload[k];
      else payload[k] = v;
    }
    return payload;
  });

const bodies: fc.Arbitrary<string | Buffer> = fc.oneof(
  { weight: 4, arbitrary: fromRegistry.map((p) => JSON.stringify(p)) },
  { weight: 1, arbitrary: button.map((p) => JSON.stringify(p)) },
  { weight: 3, arbitrary: mutated.map((p) => JSON.stringify(p)) },
  { weight: 1, arbitrary: fc.constantFrom('{"type":1}', '{"type":1,"id":null}') },
  { weight: 1, arbitrary: anyJson.map((j) => JSON.stringify(j) ?? '') },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)) },
);

const SIGNED = ['signed', 'signed, header names in capitals'] as const;
const signing = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...SIGNED) },
  {
    weight: 3,
    arbitrary: fc.constantFrom('unsigned', 'another key', 'stale', 'ahead', 'timestamp 0<ts>', 'timestamp +1', 'tampered', 'signature only', 'two timestamps', 'truncated signature'),
  },
);
type Signing = typeof signing extends fc.Arbitrary<infer T> ? T : never;

function headersFor(body: string | Buffer, how: Signing): { headers: string[]; body: string | Buffer } {
  const now = Math.floor(Date.now() / 1000);
  const pair = (s: { 'x-signature-ed25519': string; 'x-signature-timestamp': string }) => [
    'content-type',
    'application/json',
    'x-signature-ed25519',
    s['x-signature-ed25519'],
    'x-signature-timestamp',
    s['x-signature-timestamp'],
  ];
  const good = h.signer.sign(body, now);
  switch (how) {
    case 'signed':
      return { headers: pair(good), body };
    case 'signed, header names in capitals':
      return { headers: ['Content-Type', 'application/json', 'X-Signature-Ed25519', good['x-signature-ed25519'], 'X-SIGNATURE-TIMESTAMP', good['x-signature-timestamp']], body };
    case 'unsigned':
      return { headers: ['content-type', 'application/json'], body };
    case 'another key':
      return { headers: pair(other.sign(body, now)), body };
    case 'stale':
      return { headers: pair(h.signer.sign(body, now - 301)), body };
    case 'ahead':
      return { headers: pair(h.signer.sign(body, now + 301)), body };
    case 'timestamp 0<ts>':
      return { headers: pair(h.signer.sign(body, `0${now}`)), body };
    case 'timestamp +1':
      return { headers: pair({ ...good, 'x-signature-timestamp': String(now + 1) }), body };
    case 'tampered':
      return { headers: pair(good), body: Buffer.concat([Buffer.from(body), Buffer.from(' ')]) };
    case 'signature only':
      return { headers: ['x-signature-ed25519', good['x-signature-ed25519']], body };
    case 'two timestamps':
      return { headers: [...pair(good), 'x-signature-timestamp', good['x-signature-timestamp']], body };
    case 'truncated signature':
      return { headers: pair({ ...good, 'x-signature-ed25519': good['x-signature-ed25519'].slice(0, 126) }), body };
  }
}

describe('/discord/interactions under random requests', () => {
  it('answers 2xx or 4xx, runs nothing forged and nothing twice, and logs no failure', { timeout: 180_000 }, async () => {
    const statuses = new Map<number, number>();
    let ranSigned = 0;
    await fc.assert(
      fc.asyncProperty(bodies, signing, async (generated, how) => {
        const signed = (SIGNED as readonly string[]).includes(how);
        const { headers, body } = headersFor(generated, how);
        for (const attempt of ['first', 'again'] as const) {
          const before = runs.all;
          const res = await postRaw(h.adapter.port, body, headers);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          expect((res.status >= 200 && res.status < 300) || (res.status >= 400 && res.status < 500), `status ${res.status}`).toBe(true);
          const ran = runs.all - before;
          if (signed && attempt === 'first') {
            expect(ran).toBeLessThanOrEqual(1);
            ranSigned += ran;
            if (res.status === 200) expect([1, 4, 5, 8]).toContain(res.json().type);
          } else {
            expect(res.status).toBe(401);
            expect(ran).toBe(0);
          }
        }
      }),
      { numRuns: 300 },
    );
    expect(processErrors).toEqual([]);
    expect(logs.filter((l) => l.level >= 50)).toEqual([]);
    expect(ranSigned).toBeGreaterThan(0);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(0);
  });
});
