/**
 * The `limit` best-scoring docs, best first, ties in the order they were met: what a stable
 * sort of every touched doc would give, without sorting (or making hits for) the rest.
 */
export function topByScore(touched: readonly number[], scores: Float64Array, limit: number): number[] {
  const top: number[] = [];
  if (limit <= 0) return top;
  for (const doc of touched) {
    const score = scores[doc]!;
    if (top.length === limit && score <= scores[top[limit - 1]!]!) continue;
    let i = top.length < limit ? top.length : limit - 1;
    while (i > 0 && scores[top[i - 1]!]! < score) {
      top[i] = top[i - 1]!;
      i--;
    }
    top[i] = doc;
  }
  return top;
}
