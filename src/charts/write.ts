import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ChartImage } from './image.js';
import { specKey } from './spec-key.js';

/** A chart's PNG as a file in `dir`, named by its spec (the same chart is the same file); returns the absolute path. */
export async function writeChart(dir: string, image: ChartImage, name?: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = resolve(join(dir, `${name ?? specKey(image.spec).slice(0, 16)}.png`));
  await writeFile(path, image.png);
  return path;
}
