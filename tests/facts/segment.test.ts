import { describe, expect, it } from 'vitest';
import { createRuntime } from '../../src/dispatch/runtime.js';
import { buildIndexData, textRules } from '../../src/facts/index-data.js';
import { lazySegmenter, segmenterStats } from '../../src/facts/segment.js';
import { createTokenizer, zhNumerals } from '../../src/facts/tokens.js';
import { silentLogger } from '../../src/log.js';

const { store, search } = createRuntime({ log: silentLogger() });
const topics = new Map(store.topics.map((t) => [t.id, t.name]));

describe('Chinese segmentation', () => {
  it('loads jieba only when something Chinese is searched', () => {
    // A fresh index: building it and searching English never touches the segmenter.
    const data = buildIndexData(store.facts, topics, store.lexicon);
    expect(data.han).toBeUndefined();
    const before = segmenterStats.loadMs;
    search.search('how much electricity does ChatGPT use a day?');
    expect(segmenterStats.loadMs).toBe(before);
    search.search('ChatGPT一天用多少度电');
    expect(segmenterStats.loadMs).toBeGreaterThan(0);
  });

  it("keeps the store's own words whole", () => {
    const data = buildIndexData(store.facts, topics, store.lexicon);
    const tok = createTokenizer(textRules(store.lexicon), lazySegmenter(data.zhWords));
    const words = (t: string) => tok.han(tok.normalise(t)).filter((w) => !w.startsWith('~'));
    expect(words('微软和Helion的购电协议')).toContain('购电协议');
    expect(words('核电站的容量因子是多少')).toContain('容量因子');
  });

  it('reads Chinese numerals written out as the numbers they are, and leaves words, ranges and vague counts alone', () => {
    const cases: [string, string][] = [
      ['十万张H100', '100000张H100'],
      ['两万户', '20000户'],
      ['一百多年', '100多年'],
      ['三千亿元', '300000000000元'],
      ['二十八', '28'],
      ['十千瓦', '10千瓦'],
      ['一天一年', '一天一年'],
      ['五六十年', '五六十年'],
      ['三五年', '三五年'],
      ['几十年', '几十年'],
      ['数百亿', '数百亿'],
      ['十分之一', '十分之一'],
      ['百万千瓦', '百万千瓦'],
      ['千瓦时', '千瓦时'],
      ['万一', '万一'],
      ['第十', '第十'],
    ];
    for (const [text, read] of cases) expect(zhNumerals(text), text).toBe(read);
    expect(search.search('十万张H100功耗多大').hits[0]?.fact.id).toBe(search.search('10万张H100功耗多大').hits[0]?.fact.id);
  });

  it('reads spoken counts ("一个亿", "六十多万", "三到五", "上万") as numbers, and a vague count with its magnitude ("几百亿") as the question word it is', () => {
    const data = buildIndexData(store.facts, topics, store.lexicon);
    const tok = createTokenizer(textRules(store.lexicon), lazySegmenter(data.zhWords));
    expect(tok.latin(tok.normalise('一个亿美金'))).toContain('#100000000');
    expect(tok.latin(tok.normalise('两个亿'))).toContain('#200000000');
    // "六十多万" is read as the round number, "三到五" as the facts' 3–5, "上万" as 10,000 and up.
    expect(tok.latin(tok.normalise('六十多万张'))).toContain('#600000');
    expect(tok.latin(tok.normalise('一度才三到五美分'))).toEqual(expect.arrayContaining(['#3', '#5']));
    expect(tok.latin(tok.normalise('度电成本要上万元'))).toContain('#10000');
    // A lone digit before 到 that is not a range stays a word.
    expect(tok.latin(tok.normalise('一到夏天'))).toEqual([]);
    expect(tok.han(tok.normalise('耗电几百亿度')).filter((w) => !w.startsWith('~'))).not.toContain('百');
    expect(search.search('谷歌搜索一年耗电几百亿度').hits[0]?.fact.id).toBe('google-search-29bn-kwh');
  });

  it('puts back a one-character slip whose pieces the tokens split around a dropped character, and leaves a lexicon word as typed', () => {
    // 之 inside the slip, and 能 after it, are stop words the tokens drop.
    expect(search.search('星级之门要花多少钱').corrections).toContainEqual({ from: '星级之门', to: '星际之门' });
    expect(search.search('翰海聚能对标哪家公司').corrections).toContainEqual({ from: '翰海聚能', to: '瀚海聚能' });
    expect(search.search('翰海聚能对标哪家公司').hits[0]?.fact.id).toBe('hanhai-benchmarks-helion');
    // A homophone the input method offered, in two characters the segmenter could not join, and
    // before any nearer spelling ("一座电" is not "一度电"); a word the segmenter knows stays.
    expect(search.search('新建一座电战要几年').corrections).toEqual([{ from: '电战', to: '电站' }]);
    expect(search.search('英国爱尔兰现制AI数据中心用电了吗').corrections).toEqual([{ from: '现制', to: '限制' }]);
    expect(search.search('事实上数据中心要用多少电').corrections).toEqual([]);
    // 耗 (use) is a word of the lexicon: "耗几倍" is not a slip of the store's "翻几倍".
    expect(search.search('问AI一个问题比谷歌搜索多耗几倍电').corrections).toEqual([]);
  });

  it('meets colloquial words with the store’s: 啥, 多久, 多大, 一年, 发电, 商用, 融资/融了', () => {
    const sameFirst: [string, string][] = [
      ['Helion啥时候给微软供电', 'Helion何时给微软供电'],
      ['核聚变还要多久才能商用', '核聚变何时商业化'],
      ['中国一年发电多少', '中国年发电量是多少'],
      ['CFS融了多少钱', 'CFS融资多少'],
      ['Helion的50兆瓦机组多大', 'Helion的50兆瓦机组规模'],
    ];
    for (const [colloquial, stores] of sameFirst) {
      const a = search.search(colloquial).hits[0]?.fact.id;
      expect(a, colloquial).toBeDefined();
      expect(a, `${colloquial} / ${stores}`).toBe(search.search(stores).hits[0]?.fact.id);
    }
  });
});
