import { math, type Unit } from '../quantities/math.js';

/** A GPU cluster's draw and use: GPUs × watts each × overhead (PUE), over a number of days. */
export interface ClusterInput {
  gpus: number;
  wattsPerGpu: number;
  pue: number;
  days: number;
}

export interface ClusterResult {
  power: Unit;
  energy: Unit;
}

export function clusterPower(c: ClusterInput): ClusterResult {
  const power = math.unit(c.gpus * c.wattsPerGpu * c.pue, 'W');
  const energy = math.multiply(power, math.unit(c.days, 'day')) as Unit;
  return { power, energy };
}

/** Cost of an energy at a price per kWh. */
export function energyCost(energy: Unit, usdPerKwh: number): number {
  return energy.toNumber('kWh') * usdPerKwh;
}
