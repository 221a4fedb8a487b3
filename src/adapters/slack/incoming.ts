/**
 * What a Slack user typed, turned back into what they meant. Slack sends text with its own
 * markup (`<@U1|ann>`, `<http://x|label>`, `<!here>`) and with & < > escaped; commands and
 * the fact search want the plain words, and every reply escapes again on the way out.
 */

/** `<@U123|ann>` → `@ann`, `<http://x|label>` → `label`, `<!here>` → `@here`, then entities. */
export function slackToPlain(text: string): string {
  return text
    .replace(/<([^<>]*)>/g, (_m, inner: string) => {
      const [target = '', label] = inner.split('|', 2);
      if (target.startsWith('@')) return label ? `@${label.replace(/^@/, '')}` : target;
      if (target.startsWith('#')) return label ? `#${label}` : target;
      if (target.startsWith('!')) {
        if (label) return label;
        const name = target.slice(1).split('^')[0] ?? '';
        return `@${name}`;
      }
      return label ?? target;
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Removes mentions of the bot itself (`<@UBOT>`, `<@UBOT|wattson>`), wherever they are. */
export function stripBotMention(text: string, botUserId: string | undefined): string {
  if (!botUserId) return text;
  return text
    .replace(new RegExp(`<@${botUserId.replace(/\W/g, '')}(\\|[^>]*)?>[,:]?`, 'g'), ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
