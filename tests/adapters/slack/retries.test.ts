import { afterAll, describe, expect, it } from 'vitest';
import { type SlackAdapter, startSlack } from '../../../src/adapters/slack/index.js';
import { openAt } from '../../../src/db/open.js';
import { databaseServices } from '../../../src/db/services.js';
import type { Database } from '../../../src/db/sql.js';
import { createRuntime, withServices } from '../../../src/dispatch/runtime.js';
import { silentLogger } from '../../../src/log.js';
import { freshLocation, tmpDirs } from '../../daily/helpers.js';
import { eventBody, FakeSlack, postRaw, signedHeaders } from './fake-slack.js';
import { httpEnv } from './setup.js';

/**
 * Slack delivers an event again when it did not see a 2xx within three seconds: a retry has
 * the first delivery's event, a new timestamp and signature, and X-Slack-Retry-Num. Each
 * message is answered once: by one process, and by replicas on one Postgres whichever one
 * receives the retry.
 */

const dirs = tmpDirs('wattson-retries-');
const fake = new FakeSlack();
const started: SlackAdapter[] = [];
const opened: Database[] = [];
afterAll(async () => {
  await Promise.all(started.map((a) => a.stop()));
  await Promise.all(opened.map((d) => d.close()));
  await fake.close();
  dirs.cleanup();
});

async function replica(location?: string): Promise<SlackAdapter> {
  if (!started.length) await fake.start();
  let rt = createRuntime({ log: silentLogger() });
  if (location) {
    const db = await openAt(location);
    opened.push(db);
    rt = withServices(rt, await databaseServices(db));
  }
  const app = await startSlack(rt, httpEnv(fake), { host: '127.0.0.1' });
  started.push(app);
  return app;
}

const mention = (channel: string, id: string, ts = '1700000000.000100') => eventBody({ type: 'app_mention', user: 'U0ANN', text: '<@UBOT> how much power do 100,000 H100s draw?', channel, ts }, id);

async function deliver(app: SlackAdapter, body: string, retry?: number): Promise<number> {
  const headers = [...signedHeaders(body, { contentType: 'application/json' }), ...(retry ? ['x-slack-retry-num', String(retry), 'x-slack-retry-reason', 'http_timeout'] : [])];
  return (await postRaw(app.port!, body, headers)).status;
}

async function postsTo(channel: string, settleMs = 400): Promise<number> {
  await fake.waitFor('/api/chat.postMessage', (c) => c.body['channel'] === channel);
  // Give a wrongly answered retry the time to arrive too.
  await new Promise((r) => setTimeout(r, settleMs));
  return fake.callsTo('/api/chat.postMessage').filter((c) => c.body['channel'] === channel).length;
}

describe('Slack event retries', () => {
  it('one process answers an event once, however often Slack delivers it', async () => {
    const app = await replica();
    const body = mention('C0ONE', 'Ev0RETRYONE');
    expect(await deliver(app, body)).toBe(200);
    await new Promise((r) => setTimeout(r, 1100));
    // Re-signed a second later, as Slack's retry is; the replay guard sees a new request.
    expect(await deliver(app, body, 1)).toBe(200);
    await new Promise((r) => setTimeout(r, 1100));
    expect(await deliver(app, body, 2)).toBe(200);
    expect(await postsTo('C0ONE')).toBe(1);
    // Another event in the same channel is answered as usual.
    const other = mention('C0ONE', 'Ev0OTHER', '1700000001.000200');
    expect(await deliver(app, other)).toBe(200);
    await fake.waitFor('/api/chat.postMessage', (c) => c.body['channel'] === 'C0ONE' && c !== fake.callsTo('/api/chat.postMessage').find((x) => x.body['channel'] === 'C0ONE'));
  });

  it('two replicas on one Postgres: a retry that reaches the other replica is not answered again', async () => {
    const location = await freshLocation('postgres', dirs);
    const [a, b] = [await replica(location), await replica(location)];
    const body = mention('C0TWO', 'Ev0RETRYTWO');
    expect(await deliver(a, body)).toBe(200);
    await new Promise((r) => setTimeout(r, 1100));
    expect(await deliver(b, body, 1)).toBe(200);
    expect(await postsTo('C0TWO')).toBe(1);
  });
});
