import * as z from 'zod';

/**
 * The request bodies Wattson serves over HTTP, checked after the signature and before Bolt
 * sees them. Bolt dereferences a body's fields without looking (`'channel' in event`,
 * `body.user.id`, `actions[0]`), so a signed but malformed body (`payload=null`, an event that
 * is a number, a `channel: null`) throws inside its receiver, where nothing catches it. Here
 * such a body is a 400 instead; what passes is what Bolt and Wattson's listeners can read.
 *
 * A well-formed request for something Wattson does not serve (another app's slash command, a
 * button that is not Wattson's, a modal) is answered 404 at once: Bolt would run no listener,
 * never ack, and answer 404 itself only after three seconds. Adding a listener for a new kind
 * of request means adding its shape here.
 */

export interface Served {
  /** Slash command names Wattson listens to, with the slash: `/wattson`, `/ask`, … */
  commands: ReadonlySet<string>;
  /** The action_id prefix of Wattson's buttons. */
  actionPrefix: string;
}

export type ShapeVerdict = { ok: true } | { ok: false; status: 200 | 400 | 404; reason: string };

const object = z.looseObject({});
const withId = z.looseObject({ id: z.string() });

/** A slash command arrives as a form: one string per field (a field sent twice is malformed). */
const command = z
  .object({
    command: z.string(),
    text: z.string().optional(),
    user_id: z.string(),
    channel_id: z.string(),
    team_id: z.string(),
    response_url: z.string().optional(),
  })
  .catchall(z.string());

/** The fields Bolt's event routing reads: each must be the type it reads it as, or absent. */
const event = z.looseObject({
  type: z.string(),
  channel: z.union([z.string(), object]).optional(),
  user: z.union([z.string(), object]).optional(),
  item: object.optional(),
  subteam: object.optional(),
  message: object.optional(),
  previous_message: object.optional(),
  assistant_thread: object.optional(),
  text: z.string().optional(),
  ts: z.string().optional(),
  thread_ts: z.string().optional(),
  channel_type: z.string().optional(),
  subtype: z.string().optional(),
  bot_id: z.string().optional(),
  team: z.string().optional(),
});

const eventCallback = z.looseObject({
  type: z.literal('event_callback'),
  team_id: z.string().optional(),
  enterprise_id: z.string().nullable().optional(),
  authorizations: z.array(object).optional(),
  event,
});

const blockActions = z.looseObject({
  type: z.literal('block_actions'),
  actions: z.array(z.looseObject({ type: z.string(), action_id: z.string(), value: z.string().optional() })).min(1),
  user: z.looseObject({ id: z.string(), name: z.string().optional(), team_id: z.string().optional() }),
  team: withId.nullable().optional(),
  enterprise: withId.nullable().optional(),
  channel: withId.optional(),
  response_url: z.string().optional(),
});

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function problem(result: z.ZodSafeParseResult<unknown>): string | undefined {
  if (result.success) return undefined;
  const issue = result.error.issues[0]!;
  return `${issue.path.join('.') || 'body'}: ${issue.message}`;
}

/**
 * Decides a parsed body the way Bolt routes it: the receiver's ssl_check and url_verification
 * first, then App#processEvent's order (an `event` field wins, then `command`, then options,
 * then `actions`).
 */
export function checkShape(body: unknown, served: Served): ShapeVerdict {
  if (!isRecord(body)) return { ok: false, status: 400, reason: `the body is ${body === null ? 'null' : Array.isArray(body) ? 'an array' : `a ${typeof body}`}, not an object` };
  if (body['ssl_check'] === '1') return { ok: true };
  if (body['type'] === 'url_verification') return typeof body['challenge'] === 'string' ? { ok: true } : { ok: false, status: 400, reason: 'url_verification without a challenge' };
  // Slack's notice that it is dropping this workspace's events (over 30,000 an hour). Bolt cannot
  // route it; it is acknowledged, since failed deliveries count towards Slack disabling the app.
  if (body['type'] === 'app_rate_limited') return { ok: false, status: 200, reason: "Slack reports it is rate-limiting this app's events for the workspace (app_rate_limited)" };
  if (body['event'] !== undefined) {
    const reason = problem(eventCallback.safeParse(body));
    return reason ? { ok: false, status: 400, reason } : { ok: true };
  }
  if (body['command'] !== undefined) {
    const parsed = command.safeParse(body);
    if (!parsed.success) return { ok: false, status: 400, reason: problem(parsed)! };
    return served.commands.has(parsed.data.command) ? { ok: true } : { ok: false, status: 404, reason: 'a slash command Wattson does not serve' };
  }
  // Bolt reads a body with `name` as an options request, whatever else it carries.
  if (body['name'] !== undefined || body['type'] === 'block_suggestion') return { ok: false, status: 404, reason: 'an options request; Wattson has no menus' };
  if (body['actions'] !== undefined) {
    const parsed = blockActions.safeParse(body);
    if (!parsed.success) return { ok: false, status: 400, reason: problem(parsed)! };
    return parsed.data.actions[0]!.action_id.startsWith(served.actionPrefix) ? { ok: true } : { ok: false, status: 404, reason: 'an action that is not one of Wattson’s buttons' };
  }
  return { ok: false, status: 404, reason: 'a kind of request Wattson does not serve' };
}
