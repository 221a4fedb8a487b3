import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChartPool, createChartPool } from '../../../src/charts/pool.js';
import { createRuntime, withServices } from '../../../src/dispatch/runtime.js';
import { silentLogger } from '../../../src/log.js';
import { APP_PERMISSIONS_WITHOUT_ATTACH, type Option } from './fake-discord.js';
import { type HttpHarness, startHttpHarness } from './http-helpers.js';
import { postInteraction } from './signer.js';

/**
 * Charts over Discord's Interactions Endpoint: an HTTP response carries no file, so the text
 * answer is the response and the PNG follows as a multipart edit of that message through the
 * interaction's webhook, shown by the embed; without Attach Files the text carries the chart.
 */

const sub = (name: string, options: Option[] = []): Option => ({ name, type: 1, options });

let h: HttpHarness;
let pool: ChartPool;
beforeAll(async () => {
  pool = createChartPool({ timeoutMs: 20_000 });
  h = await startHttpHarness(withServices(createRuntime({ log: silentLogger() }), { charts: pool }), { deferAfterMs: 2000 });
});
afterAll(async () => {
  await h?.stop();
  await pool?.close();
});

describe('charts on Discord over HTTP', () => {
  it('answers with the text, then adds the PNG as an attachment the embed shows', async () => {
    const payload = h.fake.commandPayload('project', [sub('buildout')]);
    h.fake.track(payload, true);
    const res = (await postInteraction(h.adapter.port, h.signer, payload)).json();
    expect(res.type).toBe(4);
    expect(res.data.embeds[0].title).toBe('Covering 45 GW of average load');
    expect(res.data.embeds[0].image).toBeUndefined();
    const edit = await h.fake.waitForRequest((r) => r.method === 'PATCH' && r.path === `/api/v10/webhooks/${h.fake.applicationId}/${payload.token}/messages/%40original`);
    expect(edit.status).toBe(200);
    expect(String(edit.headers['content-type'])).toMatch(/^multipart\/form-data/);
    const [file] = edit.files!;
    expect(file!.name).toBe('chart.png');
    const img = PNG.sync.read(file!.data);
    expect([img.width, img.height]).toEqual([800, 500]);
    expect(edit.body.embeds[0].image).toEqual({ url: 'attachment://chart.png' });
    expect(edit.body.embeds[0].title).toBe('Covering 45 GW of average load');
    expect(edit.body.attachments).toEqual([{ id: 0, filename: 'chart.png' }]);
    expect(edit.body.allowed_mentions).toEqual({ parse: [] });
    expect(edit.headers.authorization).toBeUndefined();
  });

  it('without Attach Files, the response carries the chart in text, names the permission, and no file follows', async () => {
    const payload = h.fake.commandPayload('project', [sub('buildout')], { appPermissions: APP_PERMISSIONS_WITHOUT_ATTACH });
    h.fake.track(payload, true);
    const res = (await postInteraction(h.adapter.port, h.signer, payload)).json();
    expect(res.type).toBe(4);
    expect(res.data.content).toContain('**Attach Files**');
    expect(res.data.content).toContain('█');
    // A chartless answer sent after it: once its response is back, nothing was added to the first.
    const other = h.fake.commandPayload('convert', [{ name: 'quantity', type: 3, value: '5 MW to kW' }]);
    h.fake.track(other, true);
    expect((await postInteraction(h.adapter.port, h.signer, other)).json().type).toBe(4);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.fake.requests.some((r) => r.path.includes(`/${payload.token}/`) || r.path.includes(`/${other.token}/`))).toBe(false);
  });
});
