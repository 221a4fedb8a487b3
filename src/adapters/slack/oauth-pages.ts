import type { ServerResponse } from 'node:http';

/**
 * The pages a person sees while adding Wattson to a workspace: the "Add to Slack" page at
 * /slack/install and the page /slack/oauth_redirect ends on. Plain HTML with nothing loaded from
 * elsewhere (Bolt's default page fetches Slack's button image, and its success page jumps to a
 * slack:// link), every value from Slack escaped, and headers that keep the pages out of frames
 * and keep the redirect's one-time `code` out of any Referer.
 */

export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem;color:#1d1c1d;line-height:1.5}
h1{font-size:1.6rem}a.button{display:inline-block;padding:.7rem 1.2rem;border-radius:6px;background:#4a154b;color:#fff;text-decoration:none;font-weight:600}
code{background:#f4f4f4;padding:0 .25rem}`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>
${body}
</body>
</html>
`;
}

/** /slack/install: what Wattson is, and the button that starts Slack's authorisation. */
export function installPage(authorizeUrl: string): string {
  return page(
    'Add Wattson to Slack',
    `<h1>Wattson</h1>
<p>Energy-and-AI answers, with sources, from Silicon Valley 101 E149, in English and 中文: <code>/wattson ask …</code>, <code>/wattson convert …</code>, daily facts.</p>
<p><a class="button" id="add-to-slack" href="${escapeHtml(authorizeUrl)}">Add to Slack</a></p>
<p>Slack shows the permissions Wattson asks for before anything is installed.</p>`,
  );
}

export interface InstalledWorkspace {
  teamId?: string | undefined;
  teamName?: string | undefined;
}

/** Where /slack/oauth_redirect ends when the workspace is installed. */
export function successPage(w: InstalledWorkspace): string {
  const name = w.teamName ? escapeHtml(w.teamName) : 'your workspace';
  const open = w.teamId ? `<p><a href="https://app.slack.com/client/${encodeURIComponent(w.teamId)}">Open Slack</a></p>` : '';
  return page(
    'Wattson is installed',
    `<h1 id="installed">Wattson is installed in ${name}</h1>
<p>Type <code>/wattson help</code> in any channel. Invite <code>@Wattson</code> to a channel for mentions and daily facts.</p>
${open}`,
  );
}

/** Where it ends otherwise: what went wrong in a word, and how to start again; nothing from the request. */
export function failurePage(code: string): string {
  return page(
    'Wattson was not installed',
    `<h1 id="not-installed">Wattson was not installed</h1>
<p>The installation did not complete (${escapeHtml(code)}). Start again from <a href="/slack/install">the install page</a>; a link from an earlier attempt cannot be used twice.</p>`,
  );
}

export function sendPage(res: ServerResponse, status: number, html: string): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, { ...PAGE_HEADERS, 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html) });
  res.end(html);
}
