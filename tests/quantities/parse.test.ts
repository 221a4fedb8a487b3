import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { executeLine } from '../../src/dispatch/router.js';
import { createRuntime } from '../../src/dispatch/runtime.js';
import type { Locale } from '../../src/locale.js';
import { silentLogger } from '../../src/log.js';
import { parseAmount, parseConvert } from '../../src/quantities/parse.js';
import type { Reply } from '../../src/replies/model.js';
import { renderPlain } from '../../src/replies/plain.js';

/**
 * Bad input to /convert: every one a clear error with a code, a message and a correct example;
 * never a crash, never NaN or Infinity given as a result, never a case slip read as milli.
 */
const rt = createRuntime({ log: silentLogger() });

async function run(line: string, locale: Locale = 'en'): Promise<Reply> {
  return (await executeLine(line, locale, rt)).reply;
}

/** An error reply with a code, a message and an example; returns it for further checks. */
async function expectError(line: string, code: string | RegExp, locale: Locale = 'en'): Promise<{ code: string; message: string; example: string }> {
  const reply = await run(line, locale);
  const error = reply.data.error;
  expect(reply.kind, `${line} → ${reply.title}`).toBe('error');
  expect(reply.data.quantity).toBeUndefined();
  expect(error, line).toBeDefined();
  expect(error!.code, `${line}: ${error!.message}`).toMatch(typeof code === 'string' ? new RegExp(`^${code}$`) : code);
  expect(error!.message.length).toBeGreaterThan(5);
  expect(error!.example, `${line} has no example`).toMatch(/^\/convert \S/);
  return { code: error!.code, message: error!.message, example: error!.example! };
}

/** The example an error offers must itself work. */
async function expectExampleRuns(example: string, locale: Locale = 'en'): Promise<void> {
  const reply = await run(example, locale);
  expect(reply.kind, `${example} → ${JSON.stringify(reply.data.error)}`).toBe('conversion');
}

async function quantity(line: string, locale: Locale = 'en'): Promise<{ value: number; unit: string }> {
  const reply = await run(line, locale);
  expect(reply.data.error, line).toBeUndefined();
  return reply.data.quantity!;
}

describe('numbers that are not numbers', () => {
  it.each([
    ['/convert NaN MW', 'NaN'],
    ['/convert nan kWh to MW', 'nan'],
    ['/convert NaN', 'NaN'],
    ['/convert Infinity MW', 'Infinity'],
    ['/convert -Infinity kWh', 'Infinity'],
    ['/convert inf GW', 'inf'],
    ['/convert 1/0 MW', '1/0'],
    ['/convert 1/0 kWh to MW', '1/0'],
    ['/convert 1e999 MW', '1e999'],
    ['/convert 1e-999 MW to kW', '1e-999'],
    ['/convert 1.2.3 MW', '1.2.3'],
    ['/convert 1,00 kWh', '1,00'],
  ])('%s is a bad number, quoted back', async (line, shown) => {
    const e = await expectError(line, 'bad-number');
    expect(e.message).toContain(shown);
    expect(e.message).toMatch(/not a finite number/);
    await expectExampleRuns(e.example);
  });

  it('∞ and words are not numbers either', async () => {
    await expectError('/convert ∞ MW', 'no-number');
    await expectError('/convert five MW', 'no-number');
    await expectError('/convert kWh to MW', 'no-number');
  });

  it('negative amounts are refused, in both languages', async () => {
    expect((await expectError('/convert -5 MW', 'negative')).message).toMatch(/zero or more/);
    await expectError('/convert -5 MW to kW', 'negative');
    await expectError('/convert -0.1 kWh/day to W', 'negative');
    expect((await expectError('/convert -5 兆瓦 换成 千瓦', 'negative', 'zh')).message).toMatch(/负数/);
  });

  it('amounts too large or too small to state are refused, never printed as Infinity or 0', async () => {
    await expectError('/convert 1e300 EJ to J', 'out-of-range');
    await expectError('/convert 1e300 eV to kWh', 'out-of-range');
    await expectError('/convert 1e-300 eV to EJ', 'out-of-range');
    // Large numbers of a small unit are fine: 1e40 eV is 1.6e21 J.
    expect((await quantity('/convert 1e40 eV to EJ')).value).toBeCloseTo(1602.176634, 6);
    // Zero is a quantity.
    expect(await quantity('/convert 0 MW to kW')).toEqual({ value: 0, unit: 'kW' });
  });
});

describe('empty and overlong input', () => {
  it.each(['/convert', '/convert    ', '/convert \u200b\u200b'])('%j asks for a quantity', async (line) => {
    await expectExampleRuns((await expectError(line, /^(empty|invalid-option)$/)).example);
  });

  it('the parser itself reports empty and too-long input', async () => {
    expect(parseConvert('', [])).toEqual({ ok: false, error: { code: 'empty' } });
    expect(parseConvert(' \u200b ', [])).toEqual({ ok: false, error: { code: 'empty' } });
    const long = parseConvert(`5 MW ${'x'.repeat(10_000)}`, []);
    expect(long.ok).toBe(false);
    if (!long.ok) expect(long.error.code).toBe('too-long');
  });

  it.each([
    ['digits', '9'.repeat(10_000)],
    ['a number and noise', `5 MW to ${'kWh '.repeat(2_500)}`],
    ['Chinese', '电'.repeat(10_000)],
  ])('10,000 characters of %s get a clear error, in both languages', async (_, body) => {
    for (const locale of ['en', 'zh'] as const) {
      const e = await expectError(`/convert ${body}`, /^(too-long|invalid-option)$/, locale);
      expect(e.message).toMatch(/200/);
      expect(e.message.length).toBeLessThan(300);
    }
  });
});

describe('case slips are coached, never read as milli', () => {
  it.each([
    ['/convert 5 mwh', 'MWh', '/convert 5 MWh'],
    ['/convert 5 mw', 'MW', '/convert 5 MW'],
    ['/convert 5 mwh to kWh', 'MWh', '/convert 5 MWh to kWh'],
    ['/convert 70 mw for 90 days to GWh', 'MW', '/convert 70 MW for 90 days to GWh'],
    ['/convert 5 GWh to mwh', 'MWh', '/convert 5 GWh to MWh'],
    ['/convert 5 mwh/day to kW', 'MWh', '/convert 5 MWh/day to kW'],
    ['/convert 3 mj to kWh', 'MJ', '/convert 3 MJ to kWh'],
    ['/convert 2 pj to TWh', 'PJ', '/convert 2 PJ to TWh'],
  ])('%s → did you mean %s?', async (line, meant, example) => {
    const e = await expectError(line, 'case-slip');
    expect(e.message).toMatch(new RegExp(`did you mean ${meant}\\b`));
    expect(e.example).toBe(example);
    await expectExampleRuns(e.example);
  });

  it('names both readings where both exist (MW or mW), mega first', async () => {
    expect((await expectError('/convert 5 mw', 'case-slip')).message).toMatch(/did you mean MW or mW\?/);
    expect((await expectError('/convert 5 mwh', 'case-slip')).message).toMatch(/did you mean MWh or mWh\?/);
    expect((await expectError('/convert 5 mw', 'case-slip', 'zh')).message).toMatch(/你是指 MW 还是 mW/);
  });

  it('accepts what can only mean one thing: kwh, KWH, gwh, twh, and a capital M or P', async () => {
    expect(await quantity('/convert 5 kwh to J')).toEqual({ value: 18e6, unit: 'J' });
    expect(await quantity('/convert 5 KWH to Wh')).toEqual({ value: 5000, unit: 'Wh' });
    expect(await quantity('/convert 5 Kwh to Wh')).toEqual({ value: 5000, unit: 'Wh' });
    expect(await quantity('/convert 5 gwh to twh')).toEqual({ value: 0.005, unit: 'TWh' });
    expect(await quantity('/convert 5 MWH to kWh')).toEqual({ value: 5000, unit: 'kWh' });
    expect(await quantity('/convert 5 Mw to kW')).toEqual({ value: 5000, unit: 'kW' });
    expect((await quantity('/convert 5 kwh/day to W')).value).toBeCloseTo(208.333333333, 6);
  });

  it('reads milli only when typed exactly: mW, mWh', async () => {
    expect(await quantity('/convert 5 mW to W')).toEqual({ value: 0.005, unit: 'W' });
    expect(await quantity('/convert 5000 mWh to Wh')).toEqual({ value: 5, unit: 'Wh' });
  });
});

describe('unknown units list the closest ones', () => {
  it.each([
    ['/convert 5 kwhh', 'kWh'],
    ['/convert 5 megawat to kW', 'MW'],
    ['/convert 5 MW to kilowat', 'kW'],
    ['/convert 3 MW to kg', 'kW'],
    ['/convert 5 兆瓦时时', 'MWh'],
  ])('%s → closest include %s', async (line, closest) => {
    const e = await expectError(line, 'unknown-unit', /[\u4e00-\u9fff]/.test(line) ? 'zh' : 'en');
    expect(e.message).toMatch(/Closest|最接近/);
    expect(e.message).toContain(closest);
    await expectExampleRuns(e.example);
  });

  it('3 MW to kg says it does not know kg and offers power units', async () => {
    const e = await expectError('/convert 3 MW to kg', 'unknown-unit');
    expect(e.message).toMatch(/"kg"/);
    expect(e.example).toBe('/convert 3 MW to kW');
  });

  it("nothing alike still lists units and yardsticks, in the reader's language", async () => {
    expect((await expectError('/convert 5 foo', 'unknown-unit')).message).toMatch(/kWh.*MW.*households/);
    const zh = (await expectError('/convert 5 兆瓦 换成 你好', 'unknown-unit', 'zh')).message;
    expect(zh).toMatch(/你好/);
    expect(zh).toMatch(/度/);
    expect(zh).toMatch(/家庭/);
  });
});

describe('physically impossible conversions', () => {
  it('power to a duration, a duration to power', async () => {
    expect((await expectError('/convert 3 MW to s', 'incompatible')).message).toMatch(/not the same kind/);
    await expectError('/convert 3 days to MW', 'not-energy');
    await expectError('/convert 5 kWh/MW', 'not-energy');
  });

  it('70 MW to GWh asks for a duration, "for 1 year", with an example that works', async () => {
    const e = await expectError('/convert 70 MW to GWh', 'needs-duration');
    expect(e.message).toMatch(/for 1 year/);
    expect(e.example).toBe('/convert 70 MW for 1 year to GWh');
    await expectExampleRuns(e.example);
  });

  it('5 GWh to MW asks over how long, with an example that works', async () => {
    const e = await expectError('/convert 5 GWh to MW', 'needs-duration');
    expect(e.message).toMatch(/per year|over/);
    expect(e.example).toBe('/convert 5 GWh over 1 year to MW');
    await expectExampleRuns(e.example);
  });

  it("asks for a duration in Chinese too, keeping the user's figure", async () => {
    const e = await expectError('/convert 290亿千瓦时 换成 GW', 'needs-duration', 'zh');
    expect(e.message).toMatch(/时长/);
    expect(e.example).toMatch(/^\/convert 290亿 kWh over 1 year to GW$/);
    await expectExampleRuns(e.example, 'zh');
    await expectExampleRuns((await expectError('/convert 70兆瓦 换成 吉瓦时', 'needs-duration', 'zh')).example, 'zh');
  });

  it('a duration that changes the kind of quantity, then the wrong kind asked for', async () => {
    const energy = await expectError('/convert 5 GWh for 10 days to MWh', 'duration-mismatch');
    expect(energy.message).toMatch(/average power/);
    await expectExampleRuns(energy.example);
    const power = await expectError('/convert 5 MW for 10 days to MW', 'duration-mismatch');
    expect(power.message).toMatch(/is an energy/);
    await expectExampleRuns(power.example);
  });
});

describe('durations', () => {
  it.each(['for -3 days', 'for 0 days', 'over 0 hours', 'for -1 year', 'for 0 s'])('70 MW %s is refused', async (d) => {
    const e = await expectError(`/convert 70 MW ${d} to GWh`, 'negative-duration');
    expect(e.message).toMatch(/longer than zero/);
    await expectExampleRuns(e.example);
  });

  it('a zero or negative Chinese duration is refused', async () => {
    await expectError('/convert 70兆瓦 持续0天 换成 吉瓦时', 'negative-duration', 'zh');
    await expectError('/convert 5 GWh over -10 days to MW', 'negative-duration');
  });

  it.each(['for ever', 'for 3 kWh', 'for a while', 'for 5 MW'])('70 MW %s is not a duration', async (d) => {
    await expectExampleRuns((await expectError(`/convert 70 MW ${d} to GWh`, 'bad-duration')).example);
  });

  it('words and Chinese for one: for a year, for one year, 运行一年, 持续1年', async () => {
    for (const [line, locale] of [
      ['/convert 70 MW for a year to GWh', 'en'],
      ['/convert 70 MW for one year to GWh', 'en'],
      ['/convert 70兆瓦 运行一年 换成 吉瓦时', 'zh'],
      ['/convert 70兆瓦 持续1年 换成 GWh', 'zh'],
    ] as const) {
      expect((await quantity(line, locale)).value).toBeCloseTo(613.2, 9);
    }
  });

  it('says a year is 8,760 hours whenever one is used, however it is spelled', async () => {
    for (const [line, locale] of [
      ['/convert 1 GW for 1 yr to TWh', 'en'],
      ['/convert 1 GW for 1 year to TWh', 'en'],
      ['/convert 1吉瓦 持续1年 换成 太瓦时', 'zh'],
      ['/convert 1 TWh/a to MW', 'en'],
      ['/convert 1 GW to TWh/year', 'en'],
    ] as const) {
      expect(renderPlain(await run(line, locale), locale), line).toMatch(/8,760/);
    }
    expect(renderPlain(await run('/convert 1 GW for 6 months to TWh'), 'en')).toMatch(/730 hours/);
    expect(renderPlain(await run('/convert 70 MW for 90 days to GWh'), 'en')).not.toMatch(/8,760/);
  });
});

describe('garbage in either language', () => {
  it.each([
    ['/convert 你好', 'zh'],
    ['/convert 你好', 'en'],
    ['/convert 五百万千瓦', 'zh'],
    ['/convert 我想知道用了多少电', 'zh'],
    ['/convert 🙂 MW', 'en'],
    ['/convert ??? to !!!', 'en'],
    ['/convert to MW', 'en'],
    ['/convert 0x10 MW', 'en'],
  ] as const)('%s (%s) is a clear error', async (line, locale) => {
    const e = await expectError(line, /^(no-number|bad-number|unknown-unit)$/, locale);
    if (locale === 'zh') expect(e.message).toMatch(/[\u4e00-\u9fff]/);
    await expectExampleRuns(e.example, locale);
  });

  it('a separator with nothing after it gives the usual answers', async () => {
    expect((await run('/convert 5 MW to')).kind).toBe('conversion');
    expect((await run('/convert 5 兆瓦 等于多少？', 'zh')).kind).toBe('conversion');
  });

  const token = fc.constantFrom(
    '5',
    '-1',
    '0',
    '1e999',
    '1e-999',
    'NaN',
    'Infinity',
    '1/0',
    '2.5',
    '1,000',
    '1 000',
    '.',
    ',',
    '1.2.3',
    'e',
    'x10^',
    '×10^-3',
    'MW',
    'mw',
    'mwh',
    'kWh',
    'kwh',
    'GW',
    'TWh',
    'PJ',
    'pj',
    'eV',
    'quad',
    'toe',
    'Mtoe',
    'therm',
    'kcal',
    'BTU',
    'kg',
    'm',
    '/',
    'per',
    'day',
    'days',
    'year',
    'yr',
    'month',
    'for',
    'over',
    'to',
    'in',
    '->',
    '→',
    '=',
    '换成',
    '折合',
    '持续',
    '运行',
    '万',
    '亿',
    '万亿',
    '千',
    '度',
    '千瓦时',
    '兆瓦',
    '吉瓦',
    '天',
    '年',
    '你好',
    'billion',
    'thousand',
    'households',
    'h100',
    'nyc',
    '🙂',
    '\u200b',
    '"',
    "'",
    '`',
    '?',
    '？',
    '\\',
    '<@123>',
    '@everyone',
  );
  const line = fc.array(token, { minLength: 0, maxLength: 12 }).map((ts) => ts.join(' '));
  const noise = fc.string({ unit: 'grapheme', maxLength: 80 });

  it('random lines never crash, never print NaN or Infinity, and every error has a code, a message and an example that works', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          line,
          noise,
          fc.tuple(line, noise).map(([a, b]) => `${a}${b}`),
        ),
        fc.constantFrom<Locale>('en', 'zh'),
        async (body, locale) => {
          const reply = await run(`/convert ${body}`, locale);
          expect(reply.data.error?.code).not.toBe('internal');
          if (reply.kind === 'error') {
            const e = reply.data.error!;
            expect(e.code).toMatch(/^[a-z-]+$/);
            expect(e.message.length).toBeGreaterThan(10);
            expect(e.example).toMatch(/^\/convert \S/);
            expect((await run(e.example!, locale)).kind, `${body} → ${e.example}`).toBe('conversion');
            return;
          }
          expect(reply.kind).toBe('conversion');
          const text = renderPlain(reply, locale);
          expect(text, body).not.toMatch(/NaN|Infinity|undefined/);
          if (reply.data.quantity) expect(Number.isFinite(reply.data.quantity.value)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('parseAmount reads what people type', () => {
  it.each([
    ['500000 kWh/day', 500000, 'kWh/day'],
    ['500,000 kWh per day', 500000, 'kWh/day'],
    ['290亿千瓦时', 2.9e10, 'kWh'],
    ['50万度', 5e5, 'kWh'],
    ['1.2万亿千瓦时', 1.2e12, 'kWh'],
    ['50万度/天', 5e5, 'kWh/day'],
    ['100度每天', 100, 'kWh/day'],
    ['100千瓦时每一天', 100, 'kWh/day'],
    ['10715 千瓦时/年', 10715, 'kWh/year'],
    ['29 billion kWh a year', 2.9e10, 'kWh/year'],
    ['5千千瓦', 5000, 'kW'],
    ['3 兆瓦', 3, 'MW'],
    ['2.5 吉瓦', 2.5, 'GW'],
    ['1.5e3 MW', 1500, 'MW'],
    ['1.6×10^-19 J', 1.6e-19, 'J'],
    ['3 x 10^21 J', 3e21, 'J'],
    ['1_000 MWh', 1000, 'MWh'],
    ['1 000 000 kWh', 1e6, 'kWh'],
    ['.5 GW', 0.5, 'GW'],
    ['5 megawatts', 5, 'MW'],
    ['3 gigawatt-hours', 3, 'GWh'],
  ])('%s', async (text, value, display) => {
    const r = parseAmount(text);
    expect(r.ok, JSON.stringify(r)).toBe(true);
    if (!r.ok) return;
    expect(r.value.value).toBeCloseTo(value, 12 - Math.max(0, Math.floor(Math.log10(value))));
    expect(r.value.value / value).toBeCloseTo(1, 14);
    expect(r.value.display).toBe(display);
  });
});

describe('counts of things are quantities', () => {
  it.each([
    ['/convert 20000 H100 to kW', 14_000, 'kW'],
    ['/convert 50k H100s to MW', 35, 'MW'],
    ['/convert 2M homes to GW', (2e6 * 29) / 24 / 1e6, 'GW'],
    ['/convert 2 nuclear plants to GW', 5, 'GW'],
    ['/convert 3 NYCs to GW', 30, 'GW'],
    ['/convert 3 ChatGPT-days to GWh', 1.5, 'GWh'],
    ['/convert 3 exajoules to TWh', 3e18 / 3.6e15, 'TWh'],
    ['/convert 10 terawatt hours to PJ', 36, 'PJ'],
  ])('%s', async (line, value, unit) => {
    const q = await quantity(line);
    expect(q.unit).toBe(unit);
    expect(q.value / value).toBeCloseTo(1, 12);
  });

  it('reads the count back with its yardstick and the working behind it', async () => {
    const reply = await run('/convert 20000 H100 to kW');
    expect(reply.title).toBe('20,000 H100 GPUs = 14,000 kW');
    expect(renderPlain(reply, 'en')).toContain('20,000 × 700 W');
    expect(renderPlain(reply, 'en')).toMatch(/H100 SXM's rated power/);
  });

  it('starts the working from the number as typed, every digit of it', async () => {
    const reply = await run('/convert 1234567.891 kWh to MWh');
    expect(reply.title).toBe('1,234,567.891 kWh = 1,234.567891 MWh');
    expect(renderPlain(reply, 'en')).toContain('1,234,567.891 kWh → MWh');
  });

  it('gives Chinese magnitude targets in their own form: 亿度, 万千瓦', async () => {
    expect(await quantity('/convert 1 TWh to 亿度', 'zh')).toEqual({ value: 10, unit: '亿度' });
    expect((await run('/convert 1 TWh to 亿度', 'zh')).title).toBe('1 TWh = 10亿度');
    expect(await quantity('/convert 45 GW to 万千瓦', 'zh')).toEqual({ value: 4500, unit: '万千瓦' });
    expect((await run('/convert 5万张H100 to MW', 'zh')).title).toMatch(/^5万 块 H100 = 35 MW$/);
  });

  it('still refuses a count of something that is no yardstick', async () => {
    await expectError('/convert 3 bananas to MW', 'unknown-unit');
    await expectError('/convert 3 bananas-days to MWh', 'unknown-unit');
  });
});
