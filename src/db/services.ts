import type { ConversationStore } from '../conversation/memory.js';
import { createFeedbackService, type FeedbackService, type Shown } from '../feedback/service.js';
import type { FirstSightings } from '../store/first-sightings.js';
import type { Installations } from '../store/installations.js';
import type { ShareStore } from '../store/shares.js';
import { databaseConversations } from './conversations.js';
import { openFeedbackStore } from './feedback.js';
import { databaseFirstSightings } from './first-sightings.js';
import { installationStore } from './installations.js';
import { keyValueStore } from './kv.js';
import { databaseShares } from './shares.js';
import type { Database } from './sql.js';

/**
 * The services a running Wattson keeps in its database beside the daily posts. Slack
 * installations and feedback are always there. Conversations and the answers waiting for a
 * vote are what a follow-up or a button click needs from the message before; one process
 * keeps them in memory, but replicas on Postgres must share them, so there they go in the
 * database's expiring table too.
 */

export interface DatabaseServices {
  installations: Installations;
  feedback: FeedbackService;
  conversations?: ConversationStore;
  /** Private answers waiting to be shared: on Postgres only, for the same reason. */
  shares?: ShareStore;
  /** Events already answered by some replica (Slack's retries): on Postgres only. */
  sightings?: FirstSightings;
}

export interface DatabaseServiceOptions {
  feedbackDays?: number;
  clock?: () => number;
}

export async function databaseServices(db: Database, opts: DatabaseServiceOptions = {}): Promise<DatabaseServices> {
  const shared = db.engine === 'postgres';
  const clock = opts.clock && { clock: opts.clock };
  const feedback = createFeedbackService({
    store: await openFeedbackStore(db),
    ...(opts.feedbackDays !== undefined && { retentionDays: opts.feedbackDays }),
    ...(shared && { answers: keyValueStore<Shown>(db, { namespace: 'rateable-answer', maxEntries: 20_000, maxValueBytes: 4 * 1024, ...clock }) }),
    ...clock,
  });
  return {
    installations: installationStore(db),
    feedback,
    ...(shared && { conversations: databaseConversations(db, { ...clock }), shares: databaseShares(db, { ...clock }), sightings: databaseFirstSightings(db, { ...clock }) }),
  };
}
