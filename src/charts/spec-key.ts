import { createHash } from 'node:crypto';
import type { ChartSpec } from '../replies/chart.js';

/** A chart's identity: the same specification is the same picture (the pool's cache and the console's file names). */
export function specKey(spec: ChartSpec): string {
  return createHash('sha256').update(JSON.stringify(spec)).digest('base64url');
}
