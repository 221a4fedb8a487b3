import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * A throwaway PostgreSQL server for the tests and the bench: Debian's own binaries
 * (/usr/lib/postgresql/N/bin, from the `postgresql` package that scripts/test-prerequisites.sh
 * installs), a fresh data directory under the system temp dir, password authentication on
 * 127.0.0.1 and a free port. PostgreSQL refuses to run as root, so as root initdb and postgres
 * run as the unprivileged `postgres` user the Debian package creates, which must own the data
 * directory. Every way it can fail throws an error saying what to do; nobody skips Postgres.
 */

export interface PostgresServer {
  /** Superuser URL of the `postgres` database, with its password. */
  url: string;
  host: string;
  port: number;
  user: string;
  password: string;
  /** Creates a database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  stop(): Promise<void>;
}

export class PostgresServerError extends Error {
  override name = 'PostgresServerError';
}

const USER = 'postgres';
const PASSWORD = 'wattson-test-password';

/** The newest PostgreSQL version installed by Debian's packages. */
export function postgresBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'postgres')) && existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions[0]) {
    throw new PostgresServerError(
      `no PostgreSQL server binaries under ${root}: the Postgres tests need Debian's postgresql package. Install it with: sudo apt-get install -y postgresql (npm test does this itself when run as root)`,
    );
  }
  return join(root, versions[0], 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

interface RunAs {
  /** The command prefix that runs a program as the server's user (empty when we are that user). */
  prefix: string[];
  uid: number | undefined;
  gid: number | undefined;
}

function runAs(): RunAs {
  if (process.getuid?.() !== 0) return { prefix: [], uid: undefined, gid: undefined };
  const id = (flag: string) => spawnSync('id', [flag, USER], { encoding: 'utf8' });
  const u = id('-u');
  const g = id('-g');
  if (u.status !== 0 || g.status !== 0) {
    throw new PostgresServerError(
      `running as root, but there is no "${USER}" user to run PostgreSQL as (PostgreSQL refuses to run as root). Debian's postgresql package creates it: apt-get install -y postgresql`,
    );
  }
  return { prefix: ['runuser', '-u', USER, '--'], uid: Number(u.stdout.trim()), gid: Number(g.stdout.trim()) };
}

async function waitReady(url: string, proc: ChildProcess, log: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null || proc.signalCode !== null) throw new PostgresServerError(`postgres exited (${proc.exitCode ?? proc.signalCode}) while starting:\n${log().slice(-3000)}`);
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return;
    } catch (err) {
      last = err;
      await client.end().catch(() => {});
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new PostgresServerError(`postgres did not accept connections within ${timeoutMs} ms (${last instanceof Error ? last.message : String(last)}):\n${log().slice(-3000)}`);
}

export async function startPostgres(opts: { timeoutMs?: number } = {}): Promise<PostgresServer> {
  const bin = postgresBinDir();
  const as = runAs();
  const base = mkdtempSync(join(tmpdir(), 'wattson-pg-'));
  const data = join(base, 'data');
  const pwfile = join(base, 'pwfile');
  writeFileSync(pwfile, `${PASSWORD}\n`);
  if (as.uid !== undefined && as.gid !== undefined) {
    chownSync(base, as.uid, as.gid);
    chownSync(pwfile, as.uid, as.gid);
  }
  chmodSync(base, 0o700);
  const run = (cmd: string, args: string[]) => [...as.prefix, join(bin, cmd), ...args];
  const [initCmd, ...initArgs] = run('initdb', ['-D', data, '-U', USER, `--pwfile=${pwfile}`, '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  // cwd: the unprivileged user may not be allowed into the caller's directory.
  const init = spawnSync(initCmd!, initArgs, { cwd: base, encoding: 'utf8' });
  if (init.status !== 0) {
    rmSync(base, { recursive: true, force: true });
    throw new PostgresServerError(`initdb failed (${init.error?.message ?? `exit ${init.status}`}):\n${(init.stderr || init.stdout || '').slice(-3000)}`);
  }
  const port = await freePort();
  // Durability is not what a throwaway server is for: no fsync makes every commit cheap.
  const settings = [
    'fsync=off',
    'synchronous_commit=off',
    'full_page_writes=off',
    'max_connections=400',
    'shared_buffers=64MB',
    'listen_addresses=127.0.0.1',
    `port=${port}`,
    `unix_socket_directories=${base}`,
  ];
  const [cmd, ...args] = run('postgres', ['-D', data, ...settings.flatMap((s) => ['-c', s])]);
  const proc = spawn(cmd!, args, { cwd: base, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;

  /** The postmaster itself: with runuser in between, signalling our child would not reach it. */
  const postmasterPid = (): number | undefined => {
    try {
      return Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    } catch {
      return undefined;
    }
  };
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    const pid = postmasterPid();
    const exited = new Promise<void>((resolve) => (proc.exitCode !== null || proc.signalCode !== null ? resolve() : proc.once('exit', () => resolve())));
    // SIGINT is PostgreSQL's fast shutdown: sessions are ended, nothing waits for clients.
    try {
      if (pid) process.kill(pid, 'SIGINT');
      else proc.kill('SIGINT');
    } catch {
      // Already gone.
    }
    const timer = setTimeout(() => {
      try {
        if (pid) process.kill(pid, 'SIGKILL');
        proc.kill('SIGKILL');
      } catch {
        // Already gone.
      }
    }, 10_000);
    await exited;
    clearTimeout(timer);
    rmSync(base, { recursive: true, force: true });
  };
  // A test run that ends without the teardown (an exception in the runner) still stops the server.
  process.once('exit', () => {
    if (stopped) return;
    const pid = postmasterPid();
    try {
      if (pid) process.kill(pid, 'SIGQUIT');
    } catch {
      // Already gone.
    }
  });
  try {
    await waitReady(url, proc, () => log, opts.timeoutMs ?? 30_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    url,
    host: '127.0.0.1',
    port,
    user: USER,
    password: PASSWORD,
    async createDatabase(name) {
      if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new PostgresServerError(`not a plain database name: ${name}`);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return url.replace(/\/postgres$/, `/${name}`);
    },
    stop,
  };
}
