import { describe, expect, it } from 'vitest';
import type { Reply } from '../../src/replies/model.js';
import { neutralise } from '../../src/replies/neutralise.js';
import { renderPlain } from '../../src/replies/plain.js';

const MENTION = /@(everyone|here|channel)|<[@#!]/;

describe('plain text rendering', () => {
  it('neutralises every mention form a platform would parse', () => {
    for (const s of ['@everyone', '@here', '@channel', '<@123>', '<@&1>', '<#42>', '<!channel>', '<!here>', '<!subteam^S1>', 'x@EVERYONE']) {
      expect(neutralise(s), s).not.toMatch(new RegExp(MENTION.source, 'i'));
    }
    expect(neutralise('plain text, no mentions')).toBe('plain text, no mentions');
  });

  it('neutralises echoed text wherever it sits in a reply', () => {
    const reply: Reply = {
      kind: 'notice',
      title: '@everyone look',
      blocks: [
        { type: 'text', text: 'you asked <@&1>' },
        { type: 'list', title: '<!here>', items: ['<@99>'] },
        { type: 'table', columns: ['@here'], rows: [['<#1>']] },
      ],
      actions: [{ label: '@everyone', command: '/ask <!channel>' }],
      footer: '@here',
      data: {},
    };
    expect(renderPlain(reply, 'en')).not.toMatch(new RegExp(MENTION.source, 'i'));
  });
});
