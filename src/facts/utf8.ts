import type { Node } from 'yaml';
import { yaml } from './yaml.js';

/**
 * Fact files must be UTF-8. Node's `readFileSync(f, 'utf8')` turns every invalid byte into
 * U+FFFD, which users would then read as "���"; a fatal TextDecoder refuses the file instead,
 * and this module says where: line, column, and the YAML field the bad byte sits in.
 */

const fatal = new TextDecoder('utf-8', { fatal: true });
const lossy = new TextDecoder('utf-8');

export type Decoded = { ok: true; text: string } | { ok: false; fault: Utf8Fault };

export interface Utf8Fault {
  /** 1-based, as an editor shows them; the column counts characters. */
  line: number;
  column: number;
  byte: number;
  /** The text with each bad byte replaced, for finding the field and the facts around it. */
  lossyText: string;
  /** Offset of the fault in lossyText. */
  offset: number;
}

/** The length of the longest prefix that decodes (an incomplete sequence at its end allowed). */
function validPrefix(bytes: Uint8Array): number {
  // Validity of a prefix, read as a stream, only gets worse as it grows: binary search.
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  return lo;
}

function decodes(bytes: Uint8Array): boolean {
  try {
    fatal.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

export function decodeUtf8(bytes: Uint8Array): Decoded {
  try {
    return { ok: true, text: fatal.decode(bytes) };
  } catch {
    let at = validPrefix(bytes);
    // The prefix may end inside a sequence that the next byte (or the end of the file) breaks:
    // then the fault is that sequence's lead byte.
    if (!decodes(bytes.subarray(0, at))) {
      while (at > 0 && (bytes[at - 1]! & 0xc0) === 0x80) at -= 1;
      at -= 1;
    }
    const lineStart = bytes.lastIndexOf(0x0a, at - 1) + 1;
    let line = 1;
    for (let i = 0; i < lineStart; i++) if (bytes[i] === 0x0a) line += 1;
    const before = lossy.decode(bytes.subarray(0, at));
    return {
      ok: false,
      fault: { line, column: lossy.decode(bytes.subarray(lineStart, at)).length + 1, byte: bytes[at]!, lossyText: lossy.decode(bytes), offset: before.length },
    };
  }
}

/** The path of keys and indexes to the YAML node at `offset` (the deepest one), or [] if none. */
export function yamlPathAt(text: string, offset: number): (string | number)[] {
  const { isMap, isScalar, isSeq, parseDocument } = yaml();
  const doc = parseDocument(text);
  const path: (string | number)[] = [];
  const within = (n: unknown) => {
    const range = (n as Node | null)?.range;
    return range !== undefined && range !== null && offset >= range[0] && offset < range[2];
  };
  let node: unknown = doc.contents;
  while (node) {
    if (isMap(node)) {
      const pair = node.items.find((p) => within(p.value) || within(p.key));
      if (!pair) break;
      path.push(isScalar(pair.key) ? String(pair.key.value) : String(pair.key));
      node = within(pair.value) ? pair.value : undefined;
    } else if (isSeq(node)) {
      const i = node.items.findIndex(within);
      if (i < 0) break;
      path.push(i);
      node = node.items[i];
    } else break;
  }
  return path;
}
