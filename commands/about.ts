import * as z from 'zod';
import { defineCommand } from '../src/dispatch/command.js';
import { aboutReply } from '../src/replies/about.js';

export const about = defineCommand({
  name: 'about',
  remembered: false,
  description: { en: 'The episode, its speakers, and how Wattson sources and checks facts', zh: '节目、嘉宾，以及 Wattson 如何取材与核查事实' },
  options: z.object({}),
  examples: [{ line: '/about', description: { en: 'About the episode and the facts', zh: '关于节目与事实' } }],
  run(_args, ctx) {
    return aboutReply(ctx.store, ctx.locale);
  },
});
