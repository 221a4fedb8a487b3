import { inTraditional } from '../facts/traditional.js';
import type { Reply } from './model.js';

/** What machines read in a rendered message: button ids and values, links. Never reworded. */
const MACHINE_KEYS = new Set(['custom_id', 'action_id', 'block_id', 'value', 'url', 'image_url', 'proxy_url']);

/**
 * A rendered message in the script the reply asks for: Traditional characters for an answer to a
 * question typed in them. Done on what each renderer made, so that its own words (来源, 接下来)
 * change with the reply's; OpenCC's character tables map one character to one, so the
 * platforms' length limits the renderer kept still hold.
 */
export function inScript<T>(reply: Reply, rendered: T): T {
  if (reply.script !== 'traditional') return rendered;
  const deep = (value: unknown, key?: string): unknown => {
    if (typeof value === 'string') return key !== undefined && MACHINE_KEYS.has(key) ? value : inTraditional(value);
    if (Array.isArray(value)) return value.map((v) => deep(v));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deep(v, k)]));
    return value;
  };
  return deep(rendered) as T;
}
