import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChartPool, createChartPool } from '../../../src/charts/pool.js';
import { withServices } from '../../../src/dispatch/runtime.js';
import { MemoryShares } from '../../../src/dispatch/shares.js';
import { APP_PERMISSIONS_WITHOUT_ATTACH, type Option, type RecordedRequest } from './fake-discord.js';
import { type Harness, startHarness } from './harness.js';

/**
 * Charts and private answers through the real discord.js Client and a fake Discord: the PNG
 * goes up as a multipart attachment that the embed shows; without Attach Files the answer
 * says which permission to grant; a private answer is ephemeral and its owner can post it.
 */

const SUB = 1;
const STRING = 3;
const BOOLEAN = 5;
const sub = (name: string, options: Option[]): Option => ({ name, type: SUB, options });
const ann = { id: '100000000000000001', username: 'ann' };
const bob = { id: '100000000000000002', username: 'bob' };

const EPHEMERAL = 64;
const flags = (cb: RecordedRequest) => (cb.body.data.flags ?? 0) & EPHEMERAL;
const buttons = (cb: RecordedRequest) => (cb.body.data.components ?? []).flatMap((r: any) => r.components) as { label: string; custom_id: string }[];

let h: Harness;
let pool: ChartPool;
beforeAll(async () => {
  pool = createChartPool({ timeoutMs: 20_000 });
  // Warm: the first chart pays for the worker's start, which the test need not race.
  await pool.render(
    (await import('../../../src/charts/episode-charts.js')).episodeCharts((await import('../../../src/facts/store.js')).openStore((await import('../../../src/facts/paths.js')).FACTS_DIR), 'en')
      .compare,
  );
  h = await startHarness((rt) => withServices(rt, { charts: pool, shares: new MemoryShares() }));
});
afterAll(async () => {
  await h?.stop();
  await pool?.close();
});

describe('charts on Discord', () => {
  it('uploads the PNG as a multipart attachment, shown by the embed as attachment://chart.png', async () => {
    const sent = h.fake.slash('project', [sub('buildout', [])]);
    const cb = await h.fake.callbackFor(sent.id);
    expect(cb.status).toBe(204);
    expect(String(cb.headers['content-type'])).toMatch(/^multipart\/form-data/);
    const [file] = cb.files!;
    expect(file!.name).toBe('chart.png');
    const img = PNG.sync.read(file!.data);
    expect([img.width, img.height]).toEqual([800, 500]);
    // Within the upload limit the interaction states (10 MiB here).
    expect(file!.data.length).toBeLessThan(sent.payload.attachment_size_limit);
    expect(file!.field).toBe('files[0]');
    const [embed] = cb.body.data.embeds;
    expect(embed.image).toEqual({ url: 'attachment://chart.png' });
    expect(embed.title).toBe('Covering 45 GW of average load');
    expect(cb.body.data.attachments).toEqual([{ id: '0' }]);
  });

  it('without Attach Files, answers in text with the chart as Unicode and says which permission to grant', async () => {
    const sent = h.fake.slash('project', [sub('buildout', [])], { appPermissions: APP_PERMISSIONS_WITHOUT_ATTACH });
    const cb = await h.fake.callbackFor(sent.id);
    expect(cb.files).toBeUndefined();
    expect(cb.body.data.embeds[0].title).toBe('Covering 45 GW of average load');
    expect(cb.body.data.embeds[0].image).toBeUndefined();
    expect(cb.body.data.content).toContain('**Attach Files**');
    expect(cb.body.data.content).toContain('█');
  });

  it('answers that have no chart send no file', async () => {
    const sent = h.fake.slash('convert', [{ name: 'quantity', type: STRING, value: '5 MW to kW' }]);
    const cb = await h.fake.callbackFor(sent.id);
    expect(cb.files).toBeUndefined();
  });
});

describe('private answers on Discord', () => {
  it('a private answer is ephemeral with a "Post in channel" button; the owner posts it publicly, attributed, chart and all, once', async () => {
    const sent = h.fake.slash(
      'project',
      [
        sub('growth', [
          { name: 'preset', type: STRING, value: 'dc-share' },
          { name: 'private', type: BOOLEAN, value: true },
        ]),
      ],
      { user: ann },
    );
    const cb = await h.fake.callbackFor(sent.id);
    expect(flags(cb)).toBe(EPHEMERAL);
    const shown = cb.body.data.embeds[0];
    const share = buttons(cb).find((b) => b.label === 'Post in channel')!;
    expect(share.custom_id).toMatch(/^\/share [\w-]+$/);

    const click = h.fake.button(share.custom_id, { user: ann, message: { flags: EPHEMERAL, components: cb.body.data.components } });
    const posted = await h.fake.callbackFor(click.id);
    expect(flags(posted)).toBe(0);
    const embed = posted.body.data.embeds[0];
    expect(embed.title).toBe(shown.title);
    expect(embed.description).toContain('Shared by ann');
    expect(embed.image).toEqual({ url: 'attachment://chart.png' });
    expect(posted.files?.[0]?.name).toBe('chart.png');
    expect(buttons(posted).some((b) => b.custom_id.startsWith('/share'))).toBe(false);
    expect(posted.body.data.allowed_mentions).toEqual({ parse: [] });

    const again = h.fake.button(share.custom_id, { user: ann });
    const twice = await h.fake.callbackFor(again.id);
    expect(flags(twice)).toBe(EPHEMERAL);
    expect(JSON.stringify(twice.body.data)).toContain('no longer available');
  });

  it("another user's click on someone's share button posts nothing and leaves it for its owner", async () => {
    const sent = h.fake.slash(
      'compare',
      [
        { name: 'sides', type: STRING, value: 'ITER vs Helion' },
        { name: 'private', type: BOOLEAN, value: true },
      ],
      { user: ann },
    );
    const cb = await h.fake.callbackFor(sent.id);
    const share = buttons(cb).find((b) => b.label === 'Post in channel')!;
    const forged = h.fake.button(share.custom_id, { user: bob });
    const refused = await h.fake.callbackFor(forged.id);
    expect(flags(refused)).toBe(EPHEMERAL);
    expect(JSON.stringify(refused.body.data)).toContain('Only the person who asked');
    expect(refused.files).toBeUndefined();
    const owner = h.fake.button(share.custom_id, { user: ann });
    const posted = await h.fake.callbackFor(owner.id);
    expect(flags(posted)).toBe(0);
    expect(posted.body.data.embeds[0].description).toContain('Shared by ann');
  });

  it('errors stay private and carry no share button', async () => {
    const sent = h.fake.slash(
      'fact',
      [
        { name: 'id', type: STRING, value: 'no-such-fact' },
        { name: 'private', type: BOOLEAN, value: true },
      ],
      { user: ann },
    );
    const cb = await h.fake.callbackFor(sent.id);
    expect(flags(cb)).toBe(EPHEMERAL);
    expect(buttons(cb).some((b) => b.custom_id.startsWith('/share'))).toBe(false);
  });
});
