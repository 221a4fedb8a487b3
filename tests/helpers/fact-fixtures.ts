import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

export const MINI_STORE = join(import.meta.dirname, '..', 'fixtures', 'facts-mini');

/** A throwaway copy of the mini store, with one file edited as parsed YAML. */
export function mutatedStore(file: string, edit: (doc: any) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'wattson-facts-'));
  cpSync(MINI_STORE, dir, { recursive: true });
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
