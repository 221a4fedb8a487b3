import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../log.js';

/**
 * The one HTTP server a Wattson process listens with, on PORT (and HOST): Slack's endpoints
 * and Discord's Interactions Endpoint are routes on it, so a deployment exposes one port
 * whichever platforms it serves. It knows no platform: each adapter mounts its own paths, and
 * verifies its own requests. Anything else is 404, a URL that does not parse is 400, and a
 * handler that throws is a 500, never a crash.
 */

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void;

/** What an adapter sees of the server: where it listens, and a way to add its paths. */
export interface HttpHost {
  /** Serves `path` (exact, any method: the handler decides) with `handler`. A path can be taken once. */
  route(path: string, handler: RouteHandler): void;
  /** The port actually bound. */
  readonly port: number;
  /** The address actually bound: HOST's, or `::` / `0.0.0.0` for every interface. */
  readonly address: string;
}

/** The server itself, for whoever owns it: the composition root, or an adapter started alone. */
export interface OwnedHttpHost extends HttpHost {
  readonly server: Server;
  listen(): Promise<void>;
  /** Stops accepting, lets requests in flight finish for a moment, then cuts what is left. */
  close(): Promise<void>;
  /** The paths mounted, for the start-up log line. */
  readonly paths: readonly string[];
}

export interface HttpHostOptions {
  port: number;
  /** Interface to bind; every interface when absent. */
  host?: string | undefined;
  log: Logger;
  /** How long requests in flight may take to finish at close. */
  graceMs?: number;
}

const GRACE_MS = 5000;

export function answerEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  if (!res.headersSent) res.writeHead(status, headers);
  res.end();
}

export function answerJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  if (!res.headersSent) res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function createHttpHost(opts: HttpHostOptions): OwnedHttpHost {
  const routes = new Map<string, RouteHandler>();
  const log = opts.log.child({ component: 'http' });
  const server = createServer((req, res) => {
    let path: string;
    try {
      path = new URL(req.url ?? '/', 'http://localhost').pathname;
    } catch {
      answerEmpty(res, 400);
      return;
    }
    const handler = routes.get(path);
    if (!handler) {
      // The body is not read: a client streaming a large one to a path nobody serves gets its 404 at once.
      answerEmpty(res, 404, { connection: 'close' });
      return;
    }
    try {
      handler(req, res);
    } catch (err) {
      log.error({ err, path }, 'an HTTP route failed');
      answerEmpty(res, 500);
    }
  });
  let bound: AddressInfo | undefined;
  return {
    server,
    get paths() {
      return [...routes.keys()];
    },
    route(path, handler) {
      if (routes.has(path)) throw new Error(`the HTTP path ${path} is already served`);
      routes.set(path, handler);
    },
    get port() {
      return bound?.port ?? opts.port;
    },
    get address() {
      return bound?.address ?? opts.host ?? '';
    },
    async listen() {
      server.listen(opts.host ? { port: opts.port, host: opts.host } : { port: opts.port });
      await Promise.race([
        once(server, 'listening'),
        once(server, 'error').then(([err]) => {
          throw err;
        }),
      ]);
      bound = server.address() as AddressInfo;
    },
    async close() {
      if (!server.listening) return;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const force = setTimeout(() => server.closeAllConnections(), opts.graceMs ?? GRACE_MS);
      force.unref();
      try {
        await closed;
      } finally {
        clearTimeout(force);
      }
    },
  };
}
