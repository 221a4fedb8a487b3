import type { Runtime } from '../../execute.js';

/**
 * Tab completion: command names after a slash, then fact ids and topics for /fact and
 * command names for /help. Answered from memory; nothing here touches the disk.
 */
export function completeLine(line: string, rt: Runtime): [string[], string] {
  const names = rt.commands.map((c) => `/${c.name}`);
  if (!line.includes(' ')) {
    const hits = names.filter((n) => n.startsWith(line.startsWith('/') ? line : `/${line}`));
    return [hits.length ? hits : names, line];
  }
  const [head, ...rest] = line.split(' ');
  const word = rest.join(' ');
  if (head === '/fact') {
    const topics = rt.store.topics.map((t) => t.id).filter((t) => t.startsWith(word));
    const ids = rt.search.suggestIds(word, 50).map((f) => f.id);
    return [[...new Set(['topics', ...topics, ...ids])].filter((c) => c.startsWith(word) || ids.includes(c)), word];
  }
  if (head === '/help') return [rt.commands.map((c) => c.name).filter((n) => n.startsWith(word)), word];
  return [[], line];
}
