import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FactStoreError, loadRawStore } from '../../src/facts/load.js';
import { MINI_STORE, mutatedStore, storeWithText } from '../helpers/fact-fixtures.js';

function problemsOf(dir: string): string[] {
  try {
    loadRawStore(dir);
  } catch (err) {
    if (err instanceof FactStoreError)
      return err.message
        .split('\n')
        .slice(1)
        .map((l) => l.trim());
    throw err;
  }
  return [];
}

describe('fact store validation', () => {
  it('accepts a well-formed store', () => {
    expect(loadRawStore(MINI_STORE).facts.map((f) => f.id)).toEqual(['chatgpt-daily-energy', 'us-household-daily-kwh', 'helion-msft-2028']);
  });

  it('names file, fact and field for a wrong unit, and lists what was expected', () => {
    const dir = mutatedStore('ai-demand.yaml', (d) => (d.facts[0].values[0].unit = 'kwh/day'));
    const [p] = problemsOf(dir);
    expect(p).toMatch(/^ai-demand\.yaml, fact "chatgpt-daily-energy", field "values\[0\]\.unit": expected one of .*"kWh\/day".*, got "kwh\/day"$/);
  });

  it('reports a missing field as missing', () => {
    const dir = mutatedStore('ai-demand.yaml', (d) => delete d.facts[1].claim.zh);
    expect(problemsOf(dir)).toEqual(['ai-demand.yaml, fact "us-household-daily-kwh", field "claim.zh": is missing (expected string)']);
  });

  it('requires a context note for any verdict other than consistent', () => {
    const dir = mutatedStore('ai-demand.yaml', (d) => delete d.facts[1].context);
    expect(problemsOf(dir)).toEqual(['ai-demand.yaml, fact "us-household-daily-kwh", field "context": a context note (public figure, source, year) is required when the verdict is not "consistent"']);
  });

  it('rejects duplicate ids across files', () => {
    const dir = mutatedStore('fusion.yaml', (d) => (d.facts[0].id = 'chatgpt-daily-energy'));
    expect(problemsOf(dir)).toContain('fusion.yaml, fact "chatgpt-daily-energy", field "id": duplicate id, first used in ai-demand.yaml');
  });

  it('rejects unknown speakers and topics', () => {
    const speaker = mutatedStore('fusion.yaml', (d) => (d.facts[0].speaker = 'elon'));
    expect(problemsOf(speaker)).toEqual(['fusion.yaml, fact "helion-msft-2028", field "speaker": unknown speaker "elon"; expected one of host, eason, xiang']);
    const topic = mutatedStore('fusion.yaml', (d) => (d.topic = 'fission'));
    expect(problemsOf(topic).join('\n')).toMatch(/fusion\.yaml, field "topic": unknown topic "fission"/);
  });

  it('rejects a quote that is not verbatim in the transcript', () => {
    const dir = mutatedStore('fusion.yaml', (d) => (d.facts[0].quote = 'Helion Energy在2028年给微软供电'));
    expect(problemsOf(dir)).toEqual(['fusion.yaml, fact "helion-msft-2028", field "quote": is not found verbatim in the transcript; copy it exactly, ASR errors included']);
  });

  it('keeps speech-recognition slips out of claims and keywords', () => {
    const dir = mutatedStore('fusion.yaml', (d) => d.facts[0].keywords.en.push('helen energy'));
    expect(problemsOf(dir)).toEqual(['fusion.yaml, fact "helion-msft-2028", field "keywords.en[2]": contains the speech-recognition slip "Helen Energy"; write "Helion Energy"']);
  });

  it('rejects related ids that do not exist', () => {
    const dir = mutatedStore('fusion.yaml', (d) => (d.facts[0].related = ['no-such-fact']));
    expect(problemsOf(dir)).toEqual(['fusion.yaml, fact "helion-msft-2028", field "related[0]": names an unknown fact "no-such-fact"']);
  });

  it('reports unknown fields instead of ignoring them', () => {
    const dir = mutatedStore('fusion.yaml', (d) => (d.facts[0].speker = 'host'));
    expect(problemsOf(dir)).toEqual(['fusion.yaml, fact "helion-msft-2028": unknown field "speker"']);
  });

  it('reports invalid YAML with its file and line', () => {
    const dir = storeWithText('fusion.yaml', 'topic: fusion\nfacts:\n  - id: [unclosed\n');
    expect(problemsOf(dir)[0]).toMatch(/^fusion\.yaml: is not valid YAML: .* at line \d+, column \d+/);
  });

  it('reports a missing episode file and an unreadable directory', () => {
    const dir = mutatedStore('fusion.yaml', () => {});
    rmSync(join(dir, 'episode.yaml'));
    expect(problemsOf(dir)).toContain('episode.yaml: is missing: the episode, speakers and topics live there');
    expect(problemsOf(join(dir, 'nope'))[0]).toMatch(/the fact directory cannot be read \(ENOENT\)/);
  });

  it('requires at least two questions per language for a fact with a figure, naming file, fact and field', () => {
    const dir = mutatedStore('ai-demand.yaml', (d) => (d.facts[0].questions.zh = ['ChatGPT一天用多少度电']));
    expect(problemsOf(dir)).toEqual(['ai-demand.yaml, fact "chatgpt-daily-energy", field "questions.zh": has 1 question; a fact with a figure needs at least 2 in Chinese, asked as a user would']);
    const none = mutatedStore('fusion.yaml', (d) => delete d.facts[0].questions);
    expect(problemsOf(none)).toEqual([
      'fusion.yaml, fact "helion-msft-2028", field "questions.en": has 0 questions; a fact with a figure needs at least 2 in English, asked as a user would',
      'fusion.yaml, fact "helion-msft-2028", field "questions.zh": has 0 questions; a fact with a figure needs at least 2 in Chinese, asked as a user would',
    ]);
  });
});

describe('the lexicon', () => {
  it('is not read as a topic file, and a store without one still loads', () => {
    const dir = storeWithText('lexicon.yaml', 'stop: { en: [the], zh: [的] }\nframing: { en: [hey], zh: [] }\nsynonyms:\n  - { en: [home, household] }\n');
    expect(loadRawStore(dir).lexicon.synonyms).toEqual([{ en: ['home', 'household'], zh: [] }]);
    expect(loadRawStore(MINI_STORE).lexicon.synonyms).toEqual([]);
  });

  it('names the file, the entry and the field of a slip', () => {
    const dir = storeWithText(
      'lexicon.yaml',
      'stop: { en: [the], zh: [] }\nframing: { en: [], zh: [] }\nsynonyms:\n  - { en: [home, household] }\n  - { en: [agreement], zh: [] }\n  - { en: [deal, 7] }\n',
    );
    expect(problemsOf(dir)).toEqual([
      'lexicon.yaml, entry synonyms[1] (agreement): a synonym group names at least two words',
      'lexicon.yaml, entry synonyms[2] (deal), field "en[1]": expected string, got 7',
    ]);
  });

  it('rejects a word in two groups, and a synonym that is also a stop word', () => {
    const dir = storeWithText('lexicon.yaml', 'stop: { en: [the, power], zh: [] }\nframing: { en: [], zh: [] }\nsynonyms:\n  - { en: [power, electricity] }\n  - { en: [juice, electricity] }\n');
    expect(problemsOf(dir)).toEqual([
      'lexicon.yaml, entry synonyms[1] (juice), field "en[1]": "electricity" is already in synonyms[0] (power); a word belongs to one group',
      'lexicon.yaml, field "stop.en[1]": "power" is also a synonym; a word is either dropped or looked for, not both',
    ]);
  });

  it('rejects unknown fields in it', () => {
    const dir = storeWithText('lexicon.yaml', 'stop: { en: [], zh: [] }\nframing: { en: [], zh: [] }\nsynonym: []\n');
    expect(problemsOf(dir)).toEqual(['lexicon.yaml: unknown field "synonym"']);
  });

  it("names a figure kind's unit that is not one of the facts' units (a slip would make every such question look uncovered)", () => {
    const dir = storeWithText(
      'lexicon.yaml',
      'stop: { en: [], zh: [] }\nframing: { en: [], zh: [] }\nfigure_kinds:\n  - { kind: electric, units: [kWh, KWh], en: [how many kwh] }\n  - { kind: profile, units: [], en: [ceo] }\n',
    );
    const problems = problemsOf(dir);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^lexicon\.yaml, field "figure_kinds\[0\]\.units\[1\]": expected one of "Wh", "kWh", .*got "KWh"$/);
  });

  it('names a rival group with one member, or a member with no name (a rival is only ever another member)', () => {
    const dir = storeWithText(
      'lexicon.yaml',
      'stop: { en: [], zh: [] }\nframing: { en: [], zh: [] }\nrivals:\n  - { group: country, members: [{ en: [usa] }] }\n  - { group: accident, members: [{ en: [fukushima] }, { en: [], zh: [] }] }\n',
    );
    expect(problemsOf(dir)).toEqual(['lexicon.yaml, field "rivals[0].members": a group has at least two members', 'lexicon.yaml, field "rivals[1].members[1]": a member has at least one name']);
  });

  it('names a definition topic the store does not have', () => {
    const dir = storeWithText('lexicon.yaml', 'stop: { en: [], zh: [] }\nframing: { en: [], zh: [] }\ndefinition_intent: { topics: [unit], en: [what is] }\n');
    expect(problemsOf(dir)).toEqual(['lexicon.yaml, field "definition_intent.topics[0]": names an unknown topic "unit" (topics: ai-demand, fusion)']);
  });
});

describe('conversation.yaml', () => {
  const real = join(import.meta.dirname, '..', '..', 'facts', 'conversation.yaml');
  const withPhrases = (text: string) => storeWithText('conversation.yaml', text);

  it('is read with the store, lower-cased, and is not a topic file', async () => {
    const { readFileSync } = await import('node:fs');
    const store = loadRawStore(withPhrases(readFileSync(real, 'utf8')));
    expect(store.conversation?.about.speaker.zh).toContain('谁说的');
    expect(store.conversation?.refer.en).toContain('that');
    expect(store.facts.every((f) => f.file !== 'conversation.yaml')).toBe(true);
    expect(loadRawStore(MINI_STORE).conversation).toBeUndefined();
  });

  it('stops start-up on a broken phrasing, naming the file and the field', async () => {
    const { readFileSync } = await import('node:fs');
    const broken = readFileSync(real, 'utf8').replace('- "how does {a} compare to {b}"', '- "how does {a} compare"');
    try {
      loadRawStore(withPhrases(broken));
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(FactStoreError);
      expect((err as Error).message).toMatch(/conversation\.yaml, field "compare\.en\[\d+\]": a comparison template holds \{b\} once/);
    }
  });
});
