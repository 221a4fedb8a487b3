import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { request } from 'node:http';

/**
 * Discord's side of the Interactions Endpoint, on loopback: a freshly generated Ed25519 key
 * pair (the public key in the Developer Portal's hex form) and requests signed as Discord signs
 * them, hex signature over timestamp + raw body.
 */

export interface Signer {
  publicKeyHex: string;
  sign(body: string | Buffer, timestamp?: number | string): { 'x-signature-ed25519': string; 'x-signature-timestamp': string };
}

export function makeSigner(): Signer {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return signerFor(publicKey, privateKey);
}

function signerFor(publicKey: KeyObject, privateKey: KeyObject): Signer {
  // The JWK's x is the raw 32-byte key, which the portal shows as hex.
  const x = publicKey.export({ format: 'jwk' }).x!;
  return {
    publicKeyHex: Buffer.from(x, 'base64url').toString('hex'),
    sign(body, timestamp = Math.floor(Date.now() / 1000)) {
      const ts = String(timestamp);
      const sig = sign(null, Buffer.concat([Buffer.from(ts), Buffer.from(body)]), privateKey).toString('hex');
      return { 'x-signature-ed25519': sig, 'x-signature-timestamp': ts };
    },
  };
}

export interface Response {
  status: number;
  text: string;
  headers: Record<string, string | string[] | undefined>;
  json: () => any;
}

/** POSTs exactly these header lines (a flat [name, value, …] list) and body, adding only Host and Content-Length when absent. */
export function postRaw(port: number, body: string | Buffer, headers: string[], opts: { path?: string; method?: string } = {}): Promise<Response> {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const has = (name: string) => headers.some((h, i) => i % 2 === 0 && h.toLowerCase() === name);
  const lines = [...(has('host') ? [] : ['host', `127.0.0.1:${port}`]), ...headers, ...(has('content-length') ? [] : ['content-length', String(bytes.length)])];
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: opts.method ?? 'POST', path: opts.path ?? '/discord/interactions', headers: lines }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, text, headers: res.headers, json: () => JSON.parse(text) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(bytes);
  });
}

/** A signed POST of `payload` (JSON) as Discord sends it. */
export function postInteraction(port: number, signer: Signer, payload: unknown, opts: { timestamp?: number } = {}): Promise<Response> {
  const body = JSON.stringify(payload);
  const h = signer.sign(body, opts.timestamp);
  return postRaw(port, body, ['content-type', 'application/json', 'x-signature-ed25519', h['x-signature-ed25519'], 'x-signature-timestamp', h['x-signature-timestamp']]);
}
