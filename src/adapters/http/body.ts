import type { IncomingMessage } from 'node:http';

/**
 * A request body read into memory, up to a limit. A body's signature can only be checked once
 * all of it is here, so the limit is what an unauthenticated client can make Wattson hold per
 * request: a Content-Length over it is refused before anything is read, and a body that grows
 * past it is cut off there.
 */

export type BodyResult = { ok: true; body: Buffer } | { ok: false; status: 400 | 413; reason: string };

export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) {
    req.resume();
    return Promise.resolve({ ok: false, status: 413, reason: `the body is over ${limit} bytes` });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (r: BodyResult) => {
      if (done) return;
      done = true;
      resolve(r);
    };
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        finish({ ok: false, status: 413, reason: `the body is over ${limit} bytes` });
        // Nothing more is buffered; the rest is drained so the answer can be written.
        chunks.length = 0;
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => finish({ ok: true, body: Buffer.concat(chunks, size) }));
    req.on('error', (err) => finish({ ok: false, status: 400, reason: `the body could not be read (${err.message})` }));
    req.on('aborted', () => finish({ ok: false, status: 400, reason: 'the client went away mid-body' }));
  });
}
