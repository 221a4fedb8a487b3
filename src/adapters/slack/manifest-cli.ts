import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { stringify } from 'yaml';
import { commands } from '../../../commands/index.js';
import { buildManifest, type ManifestOptions } from './manifest.js';

/**
 * `npm run slack:manifest [-- --yaml] [-- --url https://host] [-- --individual]`: prints the
 * Slack app manifest on stdout. Needs no Slack settings and touches no network.
 */

const USAGE = `usage: npm run --silent slack:manifest -- [--yaml] [--url https://your.host] [--individual]
  --yaml        YAML instead of JSON
  --url URL     HTTP mode: Slack sends requests to URL/slack/events, and "Add to Slack" returns
                to URL/slack/oauth_redirect (default: Socket Mode, no URL)
  --individual  also declare /ask, /fact, … beside /wattson (they may collide with other apps)
`;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function manifestCli(argv: readonly string[]): CliResult {
  const opts: ManifestOptions = {};
  let yaml = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--yaml') yaml = true;
    else if (arg === '--json') yaml = false;
    else if (arg === '--individual') opts.individual = true;
    else if (arg === '--help' || arg === '-h') return { code: 0, stdout: USAGE, stderr: '' };
    else if (arg === '--url' || arg.startsWith('--url=')) {
      const value = arg === '--url' ? argv[++i] : arg.slice('--url='.length);
      if (!value || !/^https:\/\/[^\s/]+/.test(value)) return { code: 2, stdout: '', stderr: `--url needs a public https:// address, for example --url https://wattson.example.com\n${USAGE}` };
      opts.requestUrl = value;
    } else return { code: 2, stdout: '', stderr: `unknown option "${arg.slice(0, 40)}"\n${USAGE}` };
  }
  const manifest = buildManifest(commands, opts);
  return { code: 0, stdout: yaml ? stringify(manifest, { lineWidth: 0 }) : `${JSON.stringify(manifest, null, 2)}\n`, stderr: '' };
}

function isMain(): boolean {
  try {
    return import.meta.url === pathToFileURL(realpathSync(process.argv[1] ?? '')).href;
  } catch {
    return false;
  }
}

if (isMain()) {
  const r = manifestCli(process.argv.slice(2));
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  process.exitCode = r.code;
}
