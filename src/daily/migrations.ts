import type { Database } from 'better-sqlite3';

/**
 * The daily-post schema as an ordered list of steps; PRAGMA user_version records how many have
 * run. A step is never edited once released: changes are new steps at the end. Each runs in its
 * own transaction together with the version bump, so a crash mid-migration leaves the previous
 * version intact rather than half a schema.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: who subscribed where, and the one-row-per-channel-per-local-day claim table.
  `CREATE TABLE subscriptions (
     platform    TEXT NOT NULL,
     channel_id  TEXT NOT NULL,
     space_id    TEXT,
     time        TEXT NOT NULL CHECK (time GLOB '[0-2][0-9]:[0-5][0-9]'),
     timezone    TEXT NOT NULL,
     created_by  TEXT NOT NULL,
     created_at  INTEGER NOT NULL,
     updated_at  INTEGER NOT NULL,
     PRIMARY KEY (platform, channel_id)
   ) STRICT;
   CREATE TABLE posts (
     id          INTEGER PRIMARY KEY,
     platform    TEXT NOT NULL,
     channel_id  TEXT NOT NULL,
     local_date  TEXT NOT NULL CHECK (local_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
     state       TEXT NOT NULL CHECK (state IN ('claimed', 'sent', 'failed')),
     nonce       TEXT NOT NULL,
     claimed_at  INTEGER NOT NULL,
     sent_at     INTEGER,
     message_id  TEXT,
     attempt     INTEGER NOT NULL DEFAULT 1,
     UNIQUE (platform, channel_id, local_date)
   ) STRICT;`,

  // 2: the deck. Existing subscriptions get a random seed so their order is not shared.
  `ALTER TABLE subscriptions ADD COLUMN deck_seed INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE subscriptions ADD COLUMN deck_cycle INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE subscriptions ADD COLUMN deck_position INTEGER NOT NULL DEFAULT 0;
   UPDATE subscriptions SET deck_seed = random() & 4294967295;
   ALTER TABLE posts ADD COLUMN fact_id TEXT;
   ALTER TABLE posts ADD COLUMN deck_cycle INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE posts ADD COLUMN deck_number INTEGER;
   ALTER TABLE posts ADD COLUMN deck_total INTEGER;
   CREATE INDEX posts_deck ON posts (platform, channel_id, deck_cycle);`,

  // 3: failures, pausing, leases for claims, and the language posts go out in.
  `ALTER TABLE subscriptions ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
   ALTER TABLE subscriptions ADD COLUMN active_since INTEGER NOT NULL DEFAULT 0;
   UPDATE subscriptions SET active_since = updated_at;
   ALTER TABLE subscriptions ADD COLUMN locale TEXT NOT NULL DEFAULT 'en';
   ALTER TABLE subscriptions ADD COLUMN paused_reason TEXT;
   ALTER TABLE subscriptions ADD COLUMN paused_at INTEGER;
   ALTER TABLE subscriptions ADD COLUMN last_error TEXT;
   ALTER TABLE subscriptions ADD COLUMN last_error_at INTEGER;
   ALTER TABLE posts ADD COLUMN owner TEXT NOT NULL DEFAULT '';
   ALTER TABLE posts ADD COLUMN last_error TEXT;
   CREATE INDEX posts_state ON posts (state, local_date);`,

  // 4: feedback. Votes on answers and the questions the store could not answer, with a hash of
  // the user id (salted with a secret made here, per database) in place of the id itself.
  `CREATE TABLE feedback_meta (
     key    TEXT PRIMARY KEY,
     value  TEXT NOT NULL
   ) STRICT;
   INSERT INTO feedback_meta (key, value) VALUES ('salt', lower(hex(randomblob(32))));
   CREATE TABLE votes (
     id          INTEGER PRIMARY KEY,
     answer_id   TEXT NOT NULL,
     vote        TEXT NOT NULL CHECK (vote IN ('good', 'bad')),
     note        TEXT,
     question    TEXT NOT NULL,
     command     TEXT NOT NULL,
     language    TEXT NOT NULL,
     platform    TEXT NOT NULL,
     user_hash   TEXT NOT NULL,
     facts       TEXT NOT NULL,
     at          INTEGER NOT NULL,
     UNIQUE (answer_id, user_hash)
   ) STRICT;
   CREATE INDEX votes_at ON votes (at);
   CREATE TABLE misses (
     id          INTEGER PRIMARY KEY,
     kind        TEXT NOT NULL CHECK (kind IN ('declined', 'closest')),
     question    TEXT NOT NULL,
     normalized  TEXT NOT NULL,
     language    TEXT NOT NULL,
     platform    TEXT NOT NULL,
     user_hash   TEXT NOT NULL,
     facts       TEXT NOT NULL,
     at          INTEGER NOT NULL
   ) STRICT;
   CREATE INDEX misses_at ON misses (at);
   CREATE INDEX misses_question ON misses (normalized, at);`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Runs the steps after the database's version, up to `target` (all of them unless a test asks). */
export function migrate(db: Database, target = SCHEMA_VERSION): number {
  const from = schemaVersion(db);
  for (let v = from; v < target; v++) {
    // IMMEDIATE so two processes starting together cannot both run the same step.
    db.transaction(() => {
      if (schemaVersion(db) !== v) return;
      db.exec(MIGRATIONS[v]!);
      db.pragma(`user_version = ${v + 1}`);
    }).immediate();
  }
  return from;
}
