import type { ConvertRequest } from './parse.js';
import { tabledBaseFactor } from './parse.js';

/**
 * The number a conversion would give, worked out from the build-time unit tables when every
 * unit in it is there (an energy or power in another unit of the same kind, or a power over a
 * time as an energy), else undefined. For checks that only compare numbers, so that they need
 * not load the units library; answers themselves are still converted by mathjs (./convert.ts).
 */
export function quickValue(req: ConvertRequest): number | undefined {
  const { amount, duration, target } = req;
  if (target?.kind !== 'unit' || amount.count || (amount.dimension !== 'energy' && amount.dimension !== 'power')) return undefined;
  const from = tabledBaseFactor(amount.unit);
  const to = tabledBaseFactor(target.unit);
  if (from === undefined || to === undefined) return undefined;
  const base = amount.value * from;
  const scale = target.scale ?? 1;
  if (target.dimension === amount.dimension && !duration) return base / to / scale;
  if (amount.dimension === 'power' && target.dimension === 'energy' && duration) return (base * duration.hours * 3600) / to / scale;
  return undefined;
}
