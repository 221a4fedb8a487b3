import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root, found from this module whether it runs from src/ (tests) or dist/src/. */
function projectRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const root = resolve(here, '..', '..');
  return root.endsWith('/dist') || root.endsWith('\\dist') ? dirname(root) : root;
}

export const PROJECT_ROOT = projectRoot();
export const FACTS_DIR = join(PROJECT_ROOT, 'facts');
