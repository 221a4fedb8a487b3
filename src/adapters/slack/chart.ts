import type { webApi } from '@slack/bolt';
import { type ChartImage, type ChartRenderer, chartImage } from '../../charts/image.js';
import { unicodeChart } from '../../charts/unicode.js';
import { type Locale, say } from '../../locale.js';
import type { Logger } from '../../log.js';
import type { ChartSpec } from '../../replies/chart.js';
import { clipEscaped, escapeSlack, SLACK_LIMITS, type SlackBlock } from '../../replies/slack.js';

/**
 * An answer's chart on Slack: after the Block Kit answer, the PNG uploaded into the same
 * channel or thread (files.uploadV2: getUploadURLExternal, the upload, completeUploadExternal).
 * A private answer cannot carry a file (an upload is seen by the whole channel), so it shows
 * the chart as Unicode instead, and the PNG comes with the public post when it is shared.
 * A failed upload is a note to the asker, with the chart as Unicode, never a failed answer.
 */

/** Slack waits for nothing once the answer is out; a chart slower than this is left out. */
const CHART_BUDGET_MS = 10_000;

/** The chart as Unicode in a code block, to add to an answer that cannot carry the PNG. */
export function unicodeSection(spec: ChartSpec): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: clipEscaped(`\`\`\`\n${escapeSlack(unicodeChart(spec)).replaceAll('```', "'''")}\n\`\`\``, SLACK_LIMITS.sectionText), verbatim: true } };
}

export function uploadFailureNote(code: string | undefined, locale: Locale): string {
  if (code === 'missing_scope')
    return say(
      locale,
      'The chart could not be posted: this Slack app lacks the files:write scope. A workspace admin can add it (OAuth & Permissions → Bot Token Scopes, or the manifest from npm run slack:manifest) and reinstall the app. The chart in text:',
      '图表未能发出：此 Slack 应用缺少 files:write 权限。工作区管理员可添加（OAuth & Permissions → Bot Token Scopes，或使用 npm run slack:manifest 生成的清单）并重新安装应用。文字版图表：',
    );
  if (code === 'not_in_channel' || code === 'channel_not_found')
    return say(
      locale,
      'The chart could not be posted here: invite @Wattson to this channel (/invite @Wattson) to get charts. The chart in text:',
      '图表未能在此发出：请把 @Wattson 邀请进此频道（/invite @Wattson）。文字版图表：',
    );
  return say(locale, 'The chart could not be posted this time. The chart in text:', '这次图表未能发出。文字版图表：');
}

export interface ChartTarget {
  client: webApi.WebClient;
  channel: string | undefined;
  thread?: string | undefined;
  /** Tells the asker alone (respond with ephemeral, or chat.postEphemeral). */
  notify(text: string): Promise<unknown>;
}

export interface ChartDelivery {
  renderer: ChartRenderer | undefined;
  log: Logger;
}

/** Uploads the answer's chart beside it; resolves either way, having said what became of it. */
export async function deliverChart(spec: ChartSpec | undefined, locale: Locale, target: ChartTarget, d: ChartDelivery): Promise<void> {
  if (!spec || !target.channel) return;
  const image: ChartImage | undefined = await chartImage(spec, d.renderer, { budgetMs: CHART_BUDGET_MS, log: d.log });
  if (!image) return;
  try {
    const file = { file: image.png, filename: 'chart.png', title: spec.title, alt_text: spec.title };
    if (target.thread) await target.client.filesUploadV2({ channel_id: target.channel, thread_ts: target.thread, ...file });
    else await target.client.filesUploadV2({ channel_id: target.channel, ...file });
  } catch (err) {
    const code = (err as { data?: { error?: string } }).data?.error;
    d.log.warn({ component: 'slack', code, err: code ? undefined : err }, 'chart upload failed; told the asker');
    try {
      await target.notify(`${uploadFailureNote(code, locale)}\n\`\`\`\n${unicodeChart(spec)}\n\`\`\``);
    } catch (err2) {
      d.log.warn({ component: 'slack', err: err2 }, 'could not send the chart note either');
    }
  }
}
