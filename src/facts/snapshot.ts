import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { countFact, type FactCount } from '../quantities/household.js';
import { dimensionTable, secondsTable, seedUnitTables, siTable, type UnitTables, unitExpressions } from '../quantities/parse.js';
import { buildIndexData, type HanPart, type IndexData, type TermTable } from './index-data.js';
import { PROJECT_ROOT } from './paths.js';
import { lazySegmenter } from './segment.js';
import { type FactStore, openStore } from './store.js';

/**
 * The validated fact store and its search index, prepared at build time. Parsing the YAML,
 * validating it, working out each fact's household count and building the index take most of
 * a second; reading them back with V8's own serialiser (which keeps Maps, typed arrays and
 * shared references) takes milliseconds.
 * The snapshot names the exact bytes it was built from: when any fact file differs, it is not
 * used and the files are loaded afresh, so an answer is never older than the files.
 */

export const SNAPSHOT_FILE = join(PROJECT_ROOT, 'dist', 'snapshot', 'facts.v8');
const FORMAT = 12;

/**
 * A term table as five flat arrays. V8's serialiser writes each typed array as a host object,
 * read back through a JavaScript callback one by one: the English table's ~4,000 arrays took
 * about 5 ms of every start, the same table packed well under one.
 */
interface PackedTable {
  terms: string[];
  idf: Float64Array;
  /** Term i's postings are [ends[i - 1] ?? 0, ends[i]) in docs and contrib. */
  ends: Int32Array;
  docs: Int32Array;
  contrib: Float64Array;
}

function packTable(table: TermTable): PackedTable {
  const terms = [...table.keys()];
  const lists = [...table.values()];
  const total = lists.reduce((n, l) => n + l.docs.length, 0);
  const packed: PackedTable = { terms, idf: new Float64Array(terms.length), ends: new Int32Array(terms.length), docs: new Int32Array(total), contrib: new Float64Array(total) };
  let at = 0;
  lists.forEach((l, i) => {
    packed.idf[i] = l.idf;
    packed.docs.set(l.docs, at);
    packed.contrib.set(l.contrib, at);
    at += l.docs.length;
    packed.ends[i] = at;
  });
  return packed;
}

/** The table again, its postings views into the packed arrays (no copies). */
function unpackTable(p: PackedTable): TermTable {
  const table: TermTable = new Map();
  let from = 0;
  p.terms.forEach((term, i) => {
    const to = p.ends[i]!;
    table.set(term, { idf: p.idf[i]!, docs: p.docs.subarray(from, to), contrib: p.contrib.subarray(from, to) });
    from = to;
  });
  return table;
}

type PackedIndex = Omit<IndexData, 'latin' | 'han' | 'hanLoad' | 'hanSource'> & { latin: PackedTable };
type PackedHan = Omit<HanPart, 'table'> & { table: PackedTable };

interface Snapshot {
  format: number;
  fingerprint: string;
  store: FactStore;
  index: PackedIndex;
  /**
   * The index's Chinese part, serialized on its own: it is most of the snapshot's bytes, and an
   * English question never reads it, so it is deserialized at the first Chinese question.
   */
  han: Buffer;
  /** Unit expressions' dimensions and sizes, so that no question needs mathjs just to read its units. */
  units: UnitTables;
}

/** A hash of every file the store is read from, names and bytes. */
export function fingerprint(dir: string): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.yaml') && !name.endsWith('.txt')) continue;
    hash
      .update(name)
      .update('\0')
      .update(readFileSync(join(dir, name)))
      .update('\0');
  }
  return hash.digest('hex');
}

/** The store with what answers would otherwise work out on first use. */
export function prepareStore(store: FactStore): FactStore {
  const household = store.equivalences.find((e) => e.id === 'us-household');
  if (!household) return store;
  const counts = new Map<string, FactCount | null>();
  for (const f of store.facts) counts.set(f.id, countFact(f, household) ?? null);
  return { ...store, householdCounts: counts };
}

function topicNames(store: FactStore) {
  return new Map(store.topics.map((t) => [t.id, t.name]));
}

/** The index data, with the Chinese table built now (with the segmenter) rather than at the first Chinese question. */
function fullIndex(store: FactStore): IndexData {
  const words = buildIndexData(store.facts, topicNames(store), store.lexicon).zhWords;
  return buildIndexData(store.facts, topicNames(store), store.lexicon, { segment: lazySegmenter(words) });
}

export function writeSnapshot(dir: string, file = SNAPSHOT_FILE): FactStore {
  const store = prepareStore(openStore(dir));
  const factUnits = [...new Set([...store.equivalences.map((e) => e.unit), ...store.facts.flatMap((f) => f.values.map((v) => v.unit))])];
  const units: UnitTables = { dimensions: dimensionTable([...unitExpressions(), ...factUnits]), seconds: secondsTable(), si: siTable([...unitExpressions(), ...factUnits]) };
  const { han, hanLoad: _, hanSource: __, ...index } = fullIndex(store);
  if (!han) throw new Error('the full index has no Chinese part');
  const packedHan: PackedHan = { ...han, table: packTable(han.table) };
  const snapshot: Snapshot = { format: FORMAT, fingerprint: fingerprint(dir), store, index: { ...index, latin: packTable(index.latin) }, han: serialize(packedHan), units };
  mkdirSync(dirname(file), { recursive: true });
  // Written aside and renamed, so a reader never sees half a snapshot.
  writeFileSync(`${file}.tmp`, serialize(snapshot));
  renameSync(`${file}.tmp`, file);
  return store;
}

export type Loaded = { store: FactStore; index: IndexData; from: 'snapshot' } | { store: FactStore; index: IndexData; from: 'files'; stale: boolean };

/** The store for `dir`: from the snapshot when it was built from exactly these files, else from the files themselves. */
export function loadStore(dir: string, file = SNAPSHOT_FILE): Loaded {
  let bytes: Buffer | undefined;
  try {
    bytes = readFileSync(file);
  } catch {
    // No snapshot (a fresh clone before the build, a copy of the store elsewhere): load the files.
  }
  if (bytes) {
    try {
      const snap = deserialize(bytes) as Snapshot;
      if (snap.format === FORMAT && snap.fingerprint === fingerprint(dir)) {
        seedUnitTables(snap.units);
        const hanBytes = snap.han;
        const hanLoad = (): HanPart => {
          const packed = deserialize(hanBytes) as PackedHan;
          return { ...packed, table: unpackTable(packed.table) };
        };
        return { store: snap.store, index: { ...snap.index, latin: unpackTable(snap.index.latin), hanLoad }, from: 'snapshot' };
      }
    } catch {
      // A damaged snapshot, or a directory that cannot be read (the loader below says why), is only a slower start.
    }
  }
  const store = prepareStore(openStore(dir));
  // Without a snapshot the Chinese table waits for the first Chinese question, so English never loads the segmenter.
  return { store, index: buildIndexData(store.facts, topicNames(store), store.lexicon), from: 'files', stale: bytes !== undefined };
}
