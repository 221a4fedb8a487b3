import { DatabaseError } from './errors.js';

/**
 * What a DATABASE_URL names, and the start-up errors a user reads when the server behind it
 * cannot be used. Every message names the variable and the server, user and database it
 * points at; the password never appears, not even if a driver message were to carry it.
 */

export interface PostgresTarget {
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
  /** The URL without its password: what logs and errors show. */
  where: string;
}

export function parsePostgresUrl(url: string): PostgresTarget {
  const u = new URL(url);
  const user = decodeURIComponent(u.username) || process.env['PGUSER'] || 'postgres';
  const password = decodeURIComponent(u.password);
  // A host given as ?host=/run/postgresql is a Unix socket directory.
  const host = decodeURIComponent(u.hostname) || u.searchParams.get('host') || 'localhost';
  const port = Number(u.port || u.searchParams.get('port') || 5432);
  const database = decodeURIComponent(u.pathname.replace(/^\//, '')) || user;
  const where = `${u.protocol}//${encodeURIComponent(user)}@${u.hostname ? u.host : host}/${encodeURIComponent(database)}`;
  return { host, port, database, user, password, where };
}

const CODES_UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

function scrub(text: string, t: PostgresTarget): string {
  return t.password ? text.split(t.password).join('***') : text;
}

export function explainPostgresError(t: PostgresTarget, err: unknown, connectTimeoutMs: number): DatabaseError {
  const code = String((err as { code?: string }).code ?? '');
  const what = scrub(err instanceof Error ? err.message : String(err), t);
  const at = `${t.host}:${t.port}`;
  const say = (message: string) => new DatabaseError(t.where, scrub(message, t), { cause: err });
  if (code === 'ECONNREFUSED') {
    return say(`cannot reach the PostgreSQL server at ${at} named in DATABASE_URL (connection refused). Start the server, or correct the host and port in DATABASE_URL.`);
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return say(`the host "${t.host}" in DATABASE_URL is not known (${code}). Correct the host in DATABASE_URL.`);
  }
  if (code === 'ETIMEDOUT' || /timeout/i.test(what)) {
    return say(
      `no answer from the PostgreSQL server at ${at} named in DATABASE_URL within ${Math.round(connectTimeoutMs / 1000)} s (${what}). Check that the server runs and that this machine can reach it.`,
    );
  }
  if (CODES_UNREACHABLE.has(code)) {
    return say(`lost the connection to the PostgreSQL server at ${at} named in DATABASE_URL (${what}). Check that the server runs and accepts connections from this machine.`);
  }
  if (code === '28P01') {
    return say(`the PostgreSQL server at ${at} refused the password for user "${t.user}". Correct the user name and password in DATABASE_URL.`);
  }
  if (code === '28000') {
    return say(
      `the PostgreSQL server at ${at} does not let user "${t.user}" connect to database "${t.database}" (${what}). Allow it in the server's pg_hba.conf, or correct DATABASE_URL (add ?sslmode=require if the server wants SSL).`,
    );
  }
  if (code === '3D000') {
    return say(
      `the database "${t.database}" does not exist on the PostgreSQL server at ${at}. Create it (createdb -h ${t.host} -p ${t.port} -U ${t.user} ${t.database}), or name an existing database in DATABASE_URL.`,
    );
  }
  if (code === '42501') {
    return say(
      `user "${t.user}" may not create Wattson's tables in database "${t.database}" on ${at} (${what}). Grant it (GRANT CREATE ON SCHEMA public TO "${t.user}"), or connect as the database's owner in DATABASE_URL.`,
    );
  }
  if (code === '53300') {
    return say(`the PostgreSQL server at ${at} has no connection slots left (${what}). Raise max_connections, or run fewer Wattson replicas against it.`);
  }
  if (code === '57P03') {
    return say(`the PostgreSQL server at ${at} is starting up or shutting down (${what}). Start Wattson again once it accepts connections.`);
  }
  return say(`cannot use the PostgreSQL database "${t.database}" at ${at} named in DATABASE_URL: ${what}${code ? ` (${code})` : ''}.`);
}
