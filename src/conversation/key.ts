/**
 * Which conversation a message belongs to. A thread is one conversation for everyone in it; in a
 * channel each person has their own, so two people talking at once never answer each other's
 * "that"; a DM (no channel) is the person's own. Without a user there is no conversation.
 */
export interface Where {
  platform?: string | undefined;
  user?: { id: string } | undefined;
  channel?: { id: string; space?: string | undefined; thread?: string | undefined } | undefined;
}

export function conversationKey(w: Where | undefined): string | undefined {
  const user = w?.user?.id;
  if (!user) return undefined;
  // NUL cannot occur in platform ids, so no two places share a key.
  const parts = [w.platform ?? 'unknown'];
  const c = w.channel;
  if (!c) parts.push('dm', user);
  else if (c.thread) parts.push(c.space ?? '', c.id, 'thread', c.thread);
  else parts.push(c.space ?? '', c.id, 'user', user);
  return parts.join('\u0000');
}
