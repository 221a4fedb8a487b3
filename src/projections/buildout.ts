/**
 * How many plants of a kind cover an average load: nameplate needed = load ÷ capacity factor,
 * plants = nameplate ÷ plant size. Works in watts throughout.
 */
export interface PlantKind {
  id: string;
  sizeW: number;
  capacityFactor: number;
}

export interface BuildoutRow {
  kind: PlantKind;
  nameplateW: number;
  plants: number;
}

export function buildout(loadW: number, kinds: PlantKind[]): BuildoutRow[] {
  return kinds.map((kind) => {
    const nameplateW = loadW / kind.capacityFactor;
    return { kind, nameplateW, plants: nameplateW / kind.sizeW };
  });
}
