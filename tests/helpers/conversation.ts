import { openDailyDb } from '../../src/daily/store.js';
import type { Caller } from '../../src/dispatch/command.js';
import type { Outcome, Runtime } from '../../src/dispatch/execute.js';
import { executeText, type Surface } from '../../src/dispatch/router.js';
import { withServices } from '../../src/dispatch/runtime.js';
import { createFeedbackService, type FeedbackOptions } from '../../src/feedback/service.js';
import { openFeedbackStore } from '../../src/feedback/store.js';

/** A runtime that records feedback in an in-memory database, as a running Wattson does in WATTSON_DB. */
export function withFeedback(rt: Runtime, opts: Omit<FeedbackOptions, 'store'> = {}) {
  const db = openDailyDb(':memory:');
  const store = openFeedbackStore(db);
  return { rt: withServices(rt, { feedback: createFeedbackService({ store, ...opts }) }), db, store };
}

/** Someone typing in a channel (or a thread of it), as an adapter would hand it to the router. */
export function person(rt: Runtime, user: string, where: { platform?: string; channel?: string; thread?: string; dm?: boolean } = {}) {
  const caller: Caller = {
    platform: where.platform ?? 'slack',
    user: { id: user },
    ...(!where.dm && { channel: { id: where.channel ?? 'C1', space: 'T1', ...(where.thread && { thread: where.thread }) } }),
  };
  return (text: string, surface: Surface = 'message'): Promise<Outcome> => executeText({ text, surface, caller }, rt);
}
