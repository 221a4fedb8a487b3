import { DEFAULT_MAX_CONVERSATIONS, MemoryConversations } from '../src/conversation/memory.js';
import { executeText } from '../src/dispatch/router.js';
import { createRuntime, withServices } from '../src/dispatch/runtime.js';
import { silentLogger } from '../src/log.js';

/**
 * Child of bench/conversation.ts, run with --expose-gc: N distinct people each ask one question
 * through the router, with the default bounded memory; prints one JSON line of resident and heap
 * sizes after GC, and what one kept turn costs.
 */

const n = Number(process.argv[2] ?? 100_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const QUESTIONS = ['how much electricity does ChatGPT use a day?', 'how much power do 100,000 H100s draw?', '/convert 50 MW to homes', 'ChatGPT每天用多少电？', '/compare ITER vs Helion'];
const mb = (b: number) => b / 1024 / 1024;

async function fill(memory: MemoryConversations, count = n): Promise<void> {
  const rt = withServices(createRuntime({ log: silentLogger() }), { conversations: memory });
  for (let i = 0; i < count; i++) {
    await executeText({ text: QUESTIONS[i % QUESTIONS.length]!, surface: 'message', caller: { platform: 'bench', user: { id: `user-${i}` }, channel: { id: `channel-${i % 997}`, space: 'T' } } }, rt);
  }
}

function settle(): { rss: number; heap: number } {
  for (let i = 0; i < 4; i++) gc!();
  return { rss: process.memoryUsage().rss, heap: process.memoryUsage().heapUsed };
}

// The runtime itself (the fact store, its index, the caches answers fill) is warm before the baseline.
await fill(new MemoryConversations({ max: 1 }), 2000);
const before = settle();
const bounded = new MemoryConversations();
await fill(bounded);
const after = settle();
const heapPerTurn = (after.heap - before.heap) / bounded.size;

process.stdout.write(
  `${JSON.stringify({
    conversations: n,
    kept: bounded.size,
    max: DEFAULT_MAX_CONVERSATIONS,
    baseMB: mb(before.rss),
    afterMB: mb(after.rss),
    heapMB: mb(after.heap - before.heap),
    perTurnBytes: heapPerTurn,
    boundMB: mb(heapPerTurn * DEFAULT_MAX_CONVERSATIONS),
    keptAllMB: mb(heapPerTurn * n),
  })}\n`,
);
