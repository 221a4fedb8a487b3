import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackAdapter, startSlack } from '../../../src/adapters/slack/index.js';
import { FakeSlack } from './fake-slack.js';
import { expectWithinSlackLimits } from './limits.js';
import { socketEnv, testRuntime } from './setup.js';

/** The real Bolt App in Socket Mode against a fake apps.connections.open and WebSocket. */

const fake = new FakeSlack();
let app: SlackAdapter;

beforeAll(async () => {
  await fake.start();
  app = await startSlack(testRuntime().rt, socketEnv(fake));
});

afterAll(async () => {
  await fake.close();
});

const header = (body: Record<string, unknown>) => ((body['blocks'] as any[])[0] as { text: { text: string } }).text.text;

describe('Socket Mode', () => {
  it('opens the connection with the app-level token', async () => {
    expect(app.mode).toBe('socket');
    const open = await fake.waitFor('/api/apps.connections.open');
    expect(open.headers['authorization']).toBe('Bearer xapp-fake');
    expect(fake.socketCount).toBe(1);
  });

  it('acks a slash-command envelope with the rendered answer', async () => {
    fake.push({
      envelope_id: 'env-cmd-1',
      type: 'slash_commands',
      accepts_response_payload: true,
      payload: {
        token: 'legacy',
        team_id: 'T0FAKE',
        team_domain: 'fake',
        channel_id: 'C0CHAN',
        channel_name: 'general',
        user_id: 'U0ANN',
        user_name: 'ann',
        command: '/wattson',
        text: 'convert 5 MW to kW',
        api_app_id: 'A0FAKE',
        response_url: fake.responseUrl('sock-1'),
        trigger_id: 'trig-sock-1',
      },
    });
    const ack = await fake.waitForFrame((f) => f['envelope_id'] === 'env-cmd-1');
    const payload = ack['payload'] as Record<string, unknown>;
    expect(payload['response_type']).toBe('in_channel');
    expect(header(payload)).toBe('5 MW = 5,000 kW');
    expectWithinSlackLimits(payload);
  });

  it('acks an app_mention envelope and answers it through chat.postMessage', async () => {
    fake.push({
      envelope_id: 'env-evt-1',
      type: 'events_api',
      accepts_response_payload: false,
      retry_attempt: 0,
      retry_reason: '',
      payload: {
        token: 'legacy',
        team_id: 'T0FAKE',
        api_app_id: 'A0FAKE',
        type: 'event_callback',
        event_id: 'Ev0SOCK',
        event_time: 1700000000,
        authorizations: [{ enterprise_id: null, team_id: 'T0FAKE', user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
        event: { type: 'app_mention', user: 'U0ANN', text: '<@UBOT> convert 1 GW to MW', channel: 'C0SOCK', ts: '1700000000.000100', event_ts: '1700000000.000100' },
      },
    });
    await fake.waitForFrame((f) => f['envelope_id'] === 'env-evt-1');
    const posted = await fake.waitFor('/api/chat.postMessage', (c) => c.body['channel'] === 'C0SOCK');
    expect(header(posted.body)).toBe('1 GW = 1,000 MW');
  });

  it('stops cleanly: stop() returns once the WebSocket is closed', async () => {
    await app.stop();
    await fake.allSocketsClosed();
    expect(fake.socketCount).toBe(0);
  });
});
