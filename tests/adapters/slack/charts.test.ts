import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackAdapter, startSlack } from '../../../src/adapters/slack/index.js';
import { type ChartPool, createChartPool } from '../../../src/charts/pool.js';
import { withServices } from '../../../src/dispatch/runtime.js';
import { MemoryShares } from '../../../src/dispatch/shares.js';
import { allTexts, buttonPayload, commandBody, FakeSlack, postToApp } from './fake-slack.js';
import { expectWithinSlackLimits } from './limits.js';
import { httpEnv, testRuntime } from './setup.js';

/**
 * Charts and private answers through the real Bolt App (HTTP mode) and a fake Slack: the PNG
 * is uploaded with files.uploadV2 beside the Block Kit answer; a missing files:write scope
 * becomes a note with the chart in text; a private answer is ephemeral and its owner can
 * post it in the channel.
 */

const fake = new FakeSlack();
let app: SlackAdapter;
let pool: ChartPool;

beforeAll(async () => {
  await fake.start();
  pool = createChartPool({ timeoutMs: 20_000 });
  const { rt } = testRuntime();
  app = await startSlack(withServices(rt, { charts: pool, shares: new MemoryShares() }), httpEnv(fake), { host: '127.0.0.1' });
});

afterAll(async () => {
  await app?.stop();
  await pool?.close();
  await fake.close();
});

let n = 0;
const slash = (text: string, fields: Record<string, string> = {}) => {
  const id = `charts-${++n}`;
  return { id, res: postToApp(app.port!, commandBody({ text, response_url: fake.responseUrl(id), ...fields })) };
};
const click = (value: string, responseId: string, user = { id: 'U0ANN', username: 'ann', name: 'ann', team_id: 'T0FAKE' }) =>
  postToApp(app.port!, new URLSearchParams({ payload: JSON.stringify({ ...buttonPayload(fake.responseUrl(responseId), value, 'wattson-run-0'), user }) }).toString());
const header = (json: Record<string, unknown>) => ((json['blocks'] as any[])[0] as { text: { text: string } }).text.text;
const buttonValues = (json: Record<string, unknown>) => (json['blocks'] as any[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements) as { text: { text: string }; value: string }[];

async function uploadedPng(upload: { raw?: Buffer; headers: Record<string, unknown> }): Promise<Buffer> {
  const form = await new Response(upload.raw, { headers: { 'content-type': String(upload.headers['content-type']) } }).formData();
  const file = [...form.values()].find((v) => typeof v !== 'string');
  return Buffer.from(await (file as Blob).arrayBuffer());
}

describe('charts on Slack', () => {
  it('answers with Block Kit, then uploads the PNG into the channel: upload URL, the bytes, completion', async () => {
    const before = fake.callsTo('/api/files.completeUploadExternal').length;
    const { res } = slash('project buildout');
    const json = (await res).json();
    expect(header(json)).toBe('Covering 45 GW of average load');
    expect(json['response_type']).toBe('in_channel');
    const complete = await fake.waitFor('/api/files.completeUploadExternal', () => fake.callsTo('/api/files.completeUploadExternal').length > before);
    expect(complete.body['channel_id']).toBe('C0CHAN');
    const [file] = JSON.parse(String(complete.body['files'])) as { id: string; title: string }[];
    expect(file!.title).toBe('Plants to cover 45 GW of average load');
    const asked = fake.callsTo('/api/files.getUploadURLExternal').at(-1)!;
    expect(asked.body['filename']).toBe('chart.png');
    const upload = await fake.waitFor(`/upload/${file!.id}`);
    const img = PNG.sync.read(await uploadedPng(upload as any));
    expect([img.width, img.height]).toEqual([800, 500]);
    expect(Number(asked.body['length'])).toBe((await uploadedPng(upload as any)).length);
  });

  it('a missing files:write scope leaves the answer as it was and tells the asker, with the chart in text', async () => {
    fake.script('/api/files.getUploadURLExternal', { body: { ok: false, error: 'missing_scope', needed: 'files:write', provided: 'commands,chat:write' } });
    const { id, res } = slash('project growth preset=dc-share');
    const json = (await res).json();
    expect(json['response_type']).toBe('in_channel');
    expect(header(json)).toMatch(/^Growth to 2030/);
    const note = await fake.waitFor(`/response/${id}`);
    expect(note.body['response_type']).toBe('ephemeral');
    expect(String(note.body['text'])).toContain('files:write');
    expect(String(note.body['text'])).toContain('▁');
  });
});

describe('private answers on Slack', () => {
  it('--private answers ephemerally with the chart in text and a Post in channel button; the owner posts it, attributed, and its PNG follows', async () => {
    const uploads = fake.callsTo('/api/files.completeUploadExternal').length;
    const { res } = slash('--private project buildout');
    const json = (await res).json();
    expect(json['response_type']).toBe('ephemeral');
    expectWithinSlackLimits(json);
    expect(allTexts(json).join('\n')).toContain('█');
    const share = buttonValues(json).find((b) => b.text.text === 'Post in channel')!;
    expect(share.value).toMatch(/^\/share [\w-]+$/);
    // Nothing is uploaded for a private answer: a file in the channel is public.
    expect(fake.callsTo('/api/files.completeUploadExternal').length).toBe(uploads);

    expect((await click(share.value, 'share-1')).status).toBe(200);
    const posted = await fake.waitFor('/response/share-1');
    expect(posted.body['response_type']).toBe('in_channel');
    expect(header(posted.body)).toBe(header(json));
    expect(allTexts(posted.body).join('\n')).toContain('Shared by ann');
    expect(buttonValues(posted.body).some((b) => b.value.startsWith('/share'))).toBe(false);
    await fake.waitFor('/api/files.completeUploadExternal', () => fake.callsTo('/api/files.completeUploadExternal').length > uploads);

    await click(share.value, 'share-2');
    const again = await fake.waitFor('/response/share-2');
    expect(again.body['response_type']).toBe('ephemeral');
    expect(allTexts(again.body).join('\n')).toContain('no longer available');
  });

  it("someone else's click on a share button posts nothing", async () => {
    const { res } = slash('compare ITER vs Helion --private');
    const share = buttonValues((await res).json()).find((b) => b.text.text === 'Post in channel')!;
    await click(share.value, 'forged-1', { id: 'U0BOB', username: 'bob', name: 'bob', team_id: 'T0FAKE' });
    const refused = await fake.waitFor('/response/forged-1');
    expect(refused.body['response_type']).toBe('ephemeral');
    expect(allTexts(refused.body).join('\n')).toContain('Only the person who asked');
    await click(share.value, 'owner-1');
    expect((await fake.waitFor('/response/owner-1')).body['response_type']).toBe('in_channel');
  });

  it('a forged share token is refused privately', async () => {
    await click('/share AAAAAAAAAAAAAAAAAAAAAAAA', 'forged-2');
    const refused = await fake.waitFor('/response/forged-2');
    expect(refused.body['response_type']).toBe('ephemeral');
  });
});
