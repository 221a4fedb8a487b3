import { PermissionFlagsBits, PermissionsBitField } from 'discord.js';
import type { ChartImage } from '../../charts/image.js';
import { unicodeChart } from '../../charts/unicode.js';
import { type Locale, say } from '../../locale.js';
import type { ChartSpec } from '../../replies/chart.js';
import { clip, DISCORD_LIMITS, type DiscordMessage } from '../../replies/discord.js';
import { neutralise } from '../../replies/neutralise.js';

/**
 * An answer's chart on Discord: the PNG sent with the message and shown by its embed
 * (`attachment://chart.png`), or, where the app may not attach files, the answer with a
 * Unicode chart and a note saying which permission to grant.
 */

export const CHART_FILE = 'chart.png';

/** Discord's upload limit for a bot without boosts; the interaction says its own when it can. */
export const DEFAULT_ATTACHMENT_LIMIT = 10 * 1024 * 1024;

export interface ChartFile {
  attachment: Buffer;
  name: string;
}

export type WithFiles = DiscordMessage & { files?: ChartFile[] };

/** Attach Files where the app answers. As for Embed Links, no app_permissions at all is no refusal. */
export function canAttachWith(appPermissions: bigint | undefined): boolean {
  return !appPermissions || new PermissionsBitField(appPermissions).has(PermissionFlagsBits.AttachFiles);
}

export function withChart(message: DiscordMessage, image: ChartImage): WithFiles {
  const [first, ...rest] = message.embeds ?? [];
  return {
    ...message,
    ...(first && { embeds: [{ ...first, image: { url: `attachment://${CHART_FILE}` } }, ...rest] }),
    files: [{ attachment: image.png, name: CHART_FILE }],
  };
}

export function missingAttachNote(locale: Locale): string {
  return say(
    locale,
    'The chart was left out: Wattson needs the **Attach Files** permission in this channel (Server Settings → Roles, or the channel’s Permissions). Here it is in text:',
    '图表未能附上：Wattson 需要此频道的 **附加文件**（Attach Files）权限（服务器设置 → 身份组，或频道的权限设置）。文字版如下：',
  );
}

/** The answer as it is, plus the note and the chart in text, within Discord's 2,000 characters of content. */
export function withoutChart(message: DiscordMessage, spec: ChartSpec, locale: Locale): DiscordMessage {
  const chart = `\`\`\`\n${neutralise(unicodeChart(spec)).replaceAll('```', "'''")}\n\`\`\``;
  const note = missingAttachNote(locale);
  const before = message.content ? `${message.content}\n\n` : '';
  const full = `${before}${note}\n${chart}`;
  const content = full.length <= DISCORD_LIMITS.content ? full : clip(`${before}${note.replace(/:$|：$/, '.')}`, DISCORD_LIMITS.content);
  return { ...message, content };
}
