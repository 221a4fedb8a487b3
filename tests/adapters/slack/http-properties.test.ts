import { App } from '@slack/bolt';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type SlackAdapter, startSlack } from '../../../src/adapters/slack/index.js';
import { buttonPayload, commandBody, eventBody, FakeSlack, postRaw, sign, signedHeaders } from './fake-slack.js';
import { httpEnv, testRuntime } from './setup.js';

/**
 * Property test of /slack/events on the real Bolt App over HTTP: random forms, JSON and form
 * payloads, raw bytes, sizes, content types and header spellings, signed and not, each sent
 * twice. Whatever arrives: every answer is 2xx or 4xx, nothing unsigned or replayed is
 * dispatched, and the process sees no uncaught error.
 *
 * "Dispatched" is read from Bolt's App#processEvent (a request that reaches routing passes
 * through it before its answer is written, so the count is exact once the answer is back) and
 * from the runtime's command runs; as a second witness, every response_url and channel in a
 * forged body names FORGED, and at the end nothing named so has reached the fake Slack.
 */

const fake = new FakeSlack();
const { rt, runs } = testRuntime();
const processEvent = vi.spyOn(App.prototype, 'processEvent');
let app: SlackAdapter;
const processErrors: unknown[] = [];
const onProcessError = (err: unknown) => processErrors.push(err);

beforeAll(async () => {
  await fake.start();
  app = await startSlack(rt, httpEnv(fake), { host: '127.0.0.1' });
  process.on('uncaughtException', onProcessError);
  process.on('unhandledRejection', onProcessError);
});

afterAll(async () => {
  process.off('uncaughtException', onProcessError);
  process.off('unhandledRejection', onProcessError);
  await app?.stop();
  await fake.close();
  processEvent.mockRestore();
});

/** Stands for FORGED or SIGNED in a generated body, filled in once the request's kind is known. */
const MARK = 'MARKER';

const word = fc.oneof(
  fc.constantFrom('', '1', 'about', '/wattson', '/ask', '/weather', 'null', '[]', 'true', 'ssl_check', 'convert 5 MW to kW', 'fact topics', MARK),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);

/** A value that may replace any field: the JSON Slack never sends. */
const anyJson = fc.oneof(fc.constantFrom(null, [], {}, 1, '', 'x', true, [null], { id: null }), fc.jsonValue({ maxDepth: 3 }));

/** One of Wattson's own shapes with a few fields replaced, removed or added. */
function mutated(base: () => Record<string, unknown>) {
  return fc
    .tuple(
      fc.array(
        fc.tuple(fc.constantFrom('type', 'actions', 'user', 'team', 'channel', 'event', 'command', 'response_url', 'authorizations', 'name', 'ssl_check', 'text', 'extra'), fc.option(anyJson)),
        { maxLength: 3 },
      ),
    )
    .map(([edits]) => {
      const body = base();
      for (const [k, v] of edits) {
        if (v === null) delete body[k];
        else body[k] = v;
      }
      return body;
    });
}

const button = mutated(() => buttonPayload(fake.responseUrl(`${MARK}-button`)));
const buttonWithAction = fc
  .tuple(fc.constantFrom('wattson-run-0', 'wattson-run-7', 'other-app', ''), word)
  .map(([actionId, value]) => buttonPayload(fake.responseUrl(`${MARK}-button`), value, actionId));
const event = fc
  .tuple(
    fc.constantFrom('app_mention', 'message', 'reaction_added', ''),
    word,
    fc.constantFrom('im', 'channel', undefined),
    fc.option(fc.tuple(fc.constantFrom('type', 'user', 'channel', 'item', 'subteam', 'text', 'ts'), anyJson)),
  )
  .chain(([type, text, channelType, odd]) =>
    mutated(() => {
      const e: Record<string, unknown> = { type, user: 'U0ANN', text: `<@UBOT> ${text}`, channel: `C${MARK}`, ts: '1700000000.000100', ...(channelType && { channel_type: channelType }) };
      if (odd) e[odd[0]] = odd[1];
      return JSON.parse(eventBody(e)) as Record<string, unknown>;
    }),
  );
const command = fc
  .tuple(word, fc.constantFrom('/wattson', '/ask', '/weather'), fc.array(fc.tuple(fc.constantFrom('text', 'user_id', 'channel_id', 'ssl_check', 'payload', 'command', 'zzz'), word), { maxLength: 3 }))
  .map(([text, name, extra]) => {
    const params = new URLSearchParams(commandBody({ command: name, text, response_url: fake.responseUrl(`${MARK}-command`), channel_id: `C${MARK}` }));
    for (const [k, v] of extra) params.append(k, v);
    return params.toString();
  });

interface Body {
  body: string | Buffer;
  contentType: string | undefined;
}

const FORM = 'application/x-www-form-urlencoded';
const contentType = fc.constantFrom<string | undefined>(FORM, FORM, 'application/json', `${FORM}; charset=utf-8`, 'Application/X-WWW-Form-Urlencoded', 'text/plain', undefined);

const bodies: fc.Arbitrary<Body> = fc.oneof(
  command.map((body) => ({ body, contentType: FORM })),
  fc.tuple(fc.oneof(button, buttonWithAction, event, anyJson), fc.boolean(), contentType).map(([payload, sslCheck, ct]) => {
    const params = new URLSearchParams({ payload: JSON.stringify(payload) ?? 'undefined' });
    if (sslCheck) params.append('ssl_check', '1');
    return { body: params.toString(), contentType: ct };
  }),
  fc.tuple(fc.oneof(event, button, anyJson), contentType).map(([json, ct]) => ({ body: JSON.stringify(json) ?? '', contentType: ct ?? 'application/json' })),
  fc.tuple(fc.uint8Array({ maxLength: 200 }), contentType).map(([bytes, ct]) => ({ body: Buffer.from(bytes), contentType: ct })),
  fc.tuple(fc.integer({ min: 0, max: 300_000 }), fc.constantFrom('x', '%', '&', '=', '\u00e9')).map(([n, c]) => ({ body: commandBody({ text: `ask ${c.repeat(n)}` }), contentType: FORM })),
);

/** How the request is signed. The first three are Slack's spelling; the rest must be refused. */
const SIGNED_AS_SLACK = ['signed', 'signed, header names in capitals', 'signed, spaces around the timestamp'] as const;
const signing = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...SIGNED_AS_SLACK) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'unsigned',
      'another secret',
      'timestamp 0<ts>',
      'timestamp <ts>.0',
      'timestamp +<ts>',
      'timestamp <ts>e0',
      'two timestamps',
      'two signatures',
      'upper-case signature',
      'v1 signature',
      'stale',
      'ten minutes ahead',
      'signature only',
    ),
  },
);
type Signing = typeof signing extends fc.Arbitrary<infer T> ? T : never;

function headersFor(b: Body, how: Signing): string[] {
  const ts = Math.floor(Date.now() / 1000);
  const text = String(b.body);
  const ct = b.contentType === undefined ? [] : ['content-type', b.contentType];
  const good = sign(text, ts);
  const pair = (t: string, s: string) => [...ct, 'x-slack-request-timestamp', t, 'x-slack-signature', s];
  switch (how) {
    case 'signed':
      return pair(String(ts), good);
    case 'signed, header names in capitals':
      return [...ct, 'X-Slack-Request-Timestamp', String(ts), 'X-SLACK-SIGNATURE', good];
    case 'signed, spaces around the timestamp':
      return pair(`  ${ts} `, good);
    case 'unsigned':
      return ct;
    case 'another secret':
      return pair(String(ts), sign(text, ts, 'not-the-secret'));
    case 'timestamp 0<ts>':
      return pair(`0${ts}`, good);
    case 'timestamp <ts>.0':
      return pair(`${ts}.0`, good);
    case 'timestamp +<ts>':
      return pair(`+${ts}`, good);
    case 'timestamp <ts>e0':
      return pair(`${ts}e0`, good);
    case 'two timestamps':
      return [...pair(String(ts), good), 'x-slack-request-timestamp', String(ts)];
    case 'two signatures':
      return [...pair(String(ts), good), 'x-slack-signature', good];
    case 'upper-case signature':
      return pair(String(ts), `v0=${good.slice(3).toUpperCase()}`);
    case 'v1 signature':
      return pair(String(ts), `v1=${good.slice(3)}`);
    case 'stale':
      return pair(String(ts - 400), sign(text, ts - 400));
    case 'ten minutes ahead':
      return pair(String(ts + 600), sign(text, ts + 600));
    case 'signature only':
      return [...ct, 'x-slack-signature', good];
  }
}

function fill(b: Body, as: 'FORGED' | 'SIGNED'): Body {
  return { ...b, body: typeof b.body === 'string' ? b.body.replaceAll(MARK, as) : b.body };
}

const is2xxOr4xx = (status: number) => (status >= 200 && status < 300) || (status >= 400 && status < 500);

describe('/slack/events under random requests', () => {
  it('answers 2xx or 4xx, and dispatches nothing unsigned and nothing twice', { timeout: 180_000 }, async () => {
    const tally = { sent: 0, signed: 0, dispatched: 0, statuses: new Map<number, number>() };
    await fc.assert(
      fc.asyncProperty(bodies, signing, async (generated, how) => {
        const asSlack = (SIGNED_AS_SLACK as readonly string[]).includes(how);
        const b = fill(generated, asSlack ? 'SIGNED' : 'FORGED');
        const headers = headersFor(b, how);
        for (const attempt of ['first', 'again'] as const) {
          const calls = processEvent.mock.calls.length;
          const ran = runs.all;
          const res = await postRaw(app.port!, b.body, headers);
          // An event is acknowledged before its listener runs the command (a mention asks
          // users.info for the locale first): wait for what this request dispatched to finish,
          // so that its runs are counted here and not against the next request.
          await Promise.allSettled(processEvent.mock.results.slice(calls).map((r) => r.value));
          tally.sent += 1;
          tally.statuses.set(res.status, (tally.statuses.get(res.status) ?? 0) + 1);
          expect(is2xxOr4xx(res.status), `status ${res.status}`).toBe(true);
          const dispatched = processEvent.mock.calls.length - calls;
          tally.dispatched += dispatched;
          if (asSlack && attempt === 'first') {
            tally.signed += 1;
            expect(dispatched).toBeLessThanOrEqual(1);
          } else {
            // Forged, or the same signed request a second time.
            expect(dispatched).toBe(0);
            expect(runs.all).toBe(ran);
            // The one answer an unverified request may get: ssl_check's empty 200.
            if (res.status < 300) expect(res.text).toBe('');
          }
        }
      }),
      { numRuns: 400 },
    );
    // The second witness: a signed click answered at its response_url, then nothing forged has landed.
    const body = new URLSearchParams({ payload: JSON.stringify(buttonPayload(fake.responseUrl('sentinel'))) }).toString();
    expect((await postRaw(app.port!, body, signedHeaders(body))).status).toBe(200);
    await fake.waitFor('/response/sentinel');
    expect(fake.calls.filter((c) => JSON.stringify(c).includes('FORGED'))).toEqual([]);
    expect(processErrors).toEqual([]);
    // The run exercised both sides: some signed requests were dispatched, most answers were refusals.
    expect(tally.dispatched).toBeGreaterThan(0);
    expect(tally.statuses.get(401) ?? 0).toBeGreaterThan(0);
  });
});
