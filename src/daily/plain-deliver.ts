import { renderPlain } from '../replies/plain.js';
import type { Deliver } from './deliver.js';

/**
 * Delivery for the console (and any plain-text sink): the post is printed. Printing cannot fail
 * half-way, so there is nothing for a nonce to recognise.
 */
export function plainDeliver(write: (text: string) => void): Deliver {
  let n = 0;
  return async (_target, reply, { locale }) => {
    write(renderPlain(reply, locale));
    return { ok: true, messageId: `plain-${++n}` };
  };
}
