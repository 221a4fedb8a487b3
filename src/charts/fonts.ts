import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Locale } from '../locale.js';

/**
 * The fonts every chart is drawn with, shipped as npm packages so a bare machine renders
 * Chinese the same as a developer's laptop: resvg is given these files and nothing else
 * (`loadSystemFonts: false`).
 *
 * - Source Sans 3 (`source-sans`, Adobe, OFL; 0.33 MB per OTF used, 20 MB package) draws Latin
 *   text and digits. It is the Latin design inside Source Han Sans / Noto Sans CJK, so mixed
 *   English and Chinese text looks like one face.
 * - Noto Sans CJK SC ("Noto Sans S Chinese", `@embedpdf/fonts-sc`, OFL; 8.3 MB per OTF used,
 *   41 MB package) draws Chinese. OTF, because resvg reads TTF/OTF but not WOFF/WOFF2.
 *
 * Latin comes first in the stack: resvg re-reads a font file from disk for every glyph run it
 * draws, so digits and Latin words from the 0.3 MB file instead of the 8 MB one make a chart
 * two to three times faster; Chinese characters fall through to the CJK font. Except bold
 * Chinese text: resvg's per-glyph fallback ignores the weight (a bold Chinese title reached
 * through fallback came out regular), so bold text in a Chinese chart names the CJK font first.
 */

const require = createRequire(import.meta.url);

const LATIN = 'Source Sans 3';
const CJK = 'Noto Sans S Chinese';

/** resvg's default family, for text that names none. */
export const DEFAULT_FAMILY = LATIN;

/** The CSS font stack for a chart's SVG text. */
export function fontFamily(locale: Locale, bold = false): string {
  return locale === 'zh' && bold ? `'${CJK}', '${LATIN}'` : `'${LATIN}', '${CJK}'`;
}

/** Regular and bold of each: titles are bold, everything else regular. */
export function fontFiles(): string[] {
  const latin = join(dirname(require.resolve('source-sans/package.json')), 'OTF');
  // @embedpdf/fonts-sc exports only its index (dist/index.cjs), so find the fonts from there.
  const cjk = join(dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts');
  return [join(latin, 'SourceSans3-Regular.otf'), join(latin, 'SourceSans3-Bold.otf'), join(cjk, 'NotoSansHans-Regular.otf'), join(cjk, 'NotoSansHans-Bold.otf')];
}
