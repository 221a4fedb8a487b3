import type { TestProject } from 'vitest/node';
import { startPostgres } from '../../scripts/postgres-server.js';

/**
 * vitest globalSetup: one real PostgreSQL server for the whole run (Debian's binaries, a temp
 * data directory, a free port on 127.0.0.1), stopped at the end. Each test file makes its own
 * database on it (tests/helpers/postgres.ts). When no server can be started the run fails
 * here, saying why: the Postgres suite is never skipped.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let server: Awaited<ReturnType<typeof startPostgres>>;
  try {
    server = await startPostgres();
  } catch (err) {
    throw new Error(`The tests run against a real PostgreSQL server, and none could be started: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  project.provide('postgres', { url: server.url, host: server.host, port: server.port, user: server.user, password: server.password });
  return () => server.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: { url: string; host: string; port: number; user: string; password: string };
  }
}
