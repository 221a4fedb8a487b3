import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

export const MINI_STORE = join(import.meta.dirname, '..', 'fixtures', 'facts-mini');

/** A throwaway copy of the mini store (or of `from`), with one file edited as parsed YAML. */
export function mutatedStore(file: string, edit: (doc: any) => void, from = MINI_STORE): string {
  const dir = mkdtempSync(join(tmpdir(), 'wattson-facts-'));
  cpSync(from, dir, { recursive: true });
  const path = join(dir, file);
  const doc = parse(readFileSync(path, 'utf8'));
  edit(doc);
  writeFileSync(path, stringify(doc));
  return dir;
}

/** A throwaway copy of the mini store with one file replaced by raw text. */
export function storeWithText(file: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'wattson-facts-'));
  cpSync(MINI_STORE, dir, { recursive: true });
  writeFileSync(join(dir, file), text);
  return dir;
}

/** A throwaway copy of the mini store with one file's bytes edited: for encodings YAML cannot write. */
export function storeWithBytes(file: string, edit: (bytes: Buffer) => Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'wattson-facts-'));
  cpSync(MINI_STORE, dir, { recursive: true });
  const path = join(dir, file);
  writeFileSync(path, edit(readFileSync(path)));
  return dir;
}

/** `bytes` with the first occurrence of `text` replaced by `replacement`. */
export function replaceBytes(bytes: Buffer, text: string, replacement: Buffer): Buffer {
  const at = bytes.indexOf(text);
  if (at < 0) throw new Error(`"${text}" is not in the file`);
  return Buffer.concat([bytes.subarray(0, at), replacement, bytes.subarray(at + Buffer.byteLength(text))]);
}
