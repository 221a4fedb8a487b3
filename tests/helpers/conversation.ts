import { openFeedbackStore } from '../../src/db/feedback.js';
import { openAt } from '../../src/db/open.js';
import type { Caller } from '../../src/dispatch/command.js';
import type { Outcome, Runtime } from '../../src/dispatch/execute.js';
import { executeText, type Surface } from '../../src/dispatch/router.js';
import { withServices } from '../../src/dispatch/runtime.js';
import { createFeedbackService, type FeedbackOptions } from '../../src/feedback/service.js';

/**
 * A runtime that records feedback in a database, as a running Wattson does: an in-memory SQLite
 * one unless `location` names another (a file, or a postgres:// URL).
 */
export async function withFeedback(rt: Runtime, opts: Omit<FeedbackOptions, 'store'> = {}, location = ':memory:') {
  const db = await openAt(location);
  const store = await openFeedbackStore(db);
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
