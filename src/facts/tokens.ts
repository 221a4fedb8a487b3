import { stemmer } from 'stemmer';

/**
 * Tokenising for fact search, in both languages. English: lower-cased words reduced to their
 * Porter stems ("invested" and "invest" meet, as do "centers" and "center"); numbers
 * normalised ("500,000", "50万", "100k" all become 500000); Chinese: words from Node's ICU
 * segmenter plus character bigrams (see chineseTokens).
 */

/**
 * How people talk to a bot in a channel: greetings, its name, politeness, hedges and ways of
 * framing a question ("hey Wattson, quick question: ..."). None of them names a topic, and
 * counted as words the store lacks they would make a covered question look uncovered.
 */
const EN_CHAT =
  'hey hi hello hiya yo wattson bot quick question questions wonder wondering wondered curious just know knew explain idea thanks thank pls plz kindly remind recall anyone somebody ok okay so well actually basically really roughly approximately approx exactly again also like want wanted lot lots great awesome cool nice'.split(
    ' ',
  );
const ZH_CHAT = '麻烦 问 问下 问一下 下 请教 顺便 一句 你好 您好 哈喽 嗨 想 我想 想问 那么 那 能不能 告诉我 谢谢 感谢 不知道 好奇 了解'.split(' ');

const EN_STOP = new Set([
  ...'a an the of to in on at for from by with and or is are was were be been being do does did how much many what which who whom why when where use uses used using about say says said tell me you your i we it its this that these those there their they can could will would should may might than then as into per episode podcast guest guests show please any some is there has have had not no'.split(
    ' ',
  ),
  ...EN_CHAT,
]);

/** Chinese words that carry no topic in a question; dropped after segmentation. */
const ZH_STOP = new Set([
  ...'的 了 吗 呢 吧 啊 呀 么 是 在 有 和 与 及 对 把 被 也 都 就 还 又 要 会 能 可以 可能 一个 这个 那个 这 那 它 他 她 我 你 我们 你们 他们 多少 什么 怎么 怎样 怎么样 如何 为什么 是不是 是否 有没有 一下 知道 告诉 请问 请 节目 嘉宾 里面 里 说 说过 提到 大概 大约 左右 现在 目前 今天 时候 什么时候 几 哪 哪些 哪个 样 多 少 个 需要 用'.split(
    ' ',
  ),
  ...ZH_CHAT,
]);
/** Question words glued to a noun by the segmenter ("多少钱", "几度"): keep the noun. */
const ZH_PREFIX = /^(多少|几|哪些|哪个|什么)(?=.)/;

const zhSegmenter = new Intl.Segmenter('zh', { granularity: 'word' });

const CJK_RUN = /[\u3400-\u9FFF\uF900-\uFAFF]+/g;
const ZH_MAGNITUDE: Record<string, number> = { 万: 1e4, 亿: 1e8, 万亿: 1e12 };
const EN_SUFFIX: Record<string, number> = { k: 1e3, m: 1e6, bn: 1e9, b: 1e9 };

function numberToken(n: number): string {
  return `#${Number(n.toPrecision(12))}`;
}

function stemEnglish(word: string): string {
  return /\d/.test(word) ? word : stemmer(word);
}

/** Numbers in the text, with Chinese and English magnitudes applied, as index tokens. */
function numberTokens(text: string, out: string[]): string {
  return text.replace(/(\d[\d,]*(?:\.\d+)?)\s*(万亿|万|亿|k\b|m\b|bn\b|b\b)?/gi, (_m, digits: string, mag?: string) => {
    const base = Number(digits.replace(/,/g, ''));
    if (Number.isFinite(base)) {
      const factor = mag ? (ZH_MAGNITUDE[mag] ?? EN_SUFFIX[mag.toLowerCase()] ?? 1) : 1;
      out.push(numberToken(base * factor));
    }
    return ' ';
  });
}

/** English word tokens, stemmed, stop words removed. Numbers are handled separately. */
function englishTokens(text: string, out: string[]): void {
  for (const raw of text.toLowerCase().split(/[^a-z0-9.+]+/)) {
    const word = raw.replace(/^\.+|\.+$/g, '');
    if (word.length < 2 || EN_STOP.has(word)) continue;
    out.push(stemEnglish(word));
  }
}

/**
 * Chinese: dictionary words from the ICU segmenter built into Node (no word list to ship),
 * plus character bigrams marked with "~". Words decide how much of a question a fact covers;
 * bigrams only add score, so a compound the segmenter splits differently still matches.
 */
function chineseTokens(text: string, out: string[]): void {
  for (const run of text.match(CJK_RUN) ?? []) {
    // Kept words that stand next to each other form a stretch; bigrams never span a stop word.
    let stretch = '';
    const flush = () => {
      for (let i = 0; i + 1 < stretch.length; i++) out.push(`~${stretch.slice(i, i + 2)}`);
      stretch = '';
    };
    for (const seg of zhSegmenter.segment(run)) {
      const word = seg.segment.replace(ZH_PREFIX, '');
      if (ZH_STOP.has(word)) {
        flush();
        continue;
      }
      out.push(word);
      stretch += word;
    }
    flush();
  }
}

/** Bigram tokens add score but are not words of the question. */
export function isBigram(token: string): boolean {
  return token.startsWith('~');
}

/**
 * Tokens of a text. Model names that mix letters and digits (H100, GPT-4, GB200) stay whole,
 * so "H100" never matches a bare 100.
 */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  const lower = text.toLowerCase().replace(/([a-z])-(\d{1,2}\b)/g, '$1$2');
  const models: string[] = [];
  const rest = lower.replace(/\b[a-z]+\d+[a-z0-9]*\b/g, (m) => {
    models.push(m.replace(/(\d)s$/, '$1'));
    return ' ';
  });
  out.push(...models);
  const withoutNumbers = numberTokens(rest, out);
  englishTokens(withoutNumbers.replace(CJK_RUN, ' '), out);
  chineseTokens(withoutNumbers, out);
  return out;
}

/** Lower-cased, space-normalised form used for phrase containment checks. */
export function phraseForm(text: string): string {
  return ` ${text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}.%]+/gu, ' ')
    .trim()} `;
}
