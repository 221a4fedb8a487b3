import * as z from 'zod';

/**
 * The interaction JSON Wattson reads, checked after the signature: what a signed body must
 * hold for its kind, each field the type it is read as. Options are parsed to Discord's own
 * depth (a group, a subcommand, the options) and no deeper; unknown fields are dropped, so
 * nothing unchecked reaches the dispatch layer.
 */

export const InteractionType = { Ping: 1, Command: 2, Component: 3, Autocomplete: 4 } as const;
const BUTTON = 2;

const snowflake = z.string().regex(/^\d{1,25}$/);
const bitfield = z.string().regex(/^\d{1,40}$/);
const user = z.object({ id: snowflake, username: z.string().max(100).optional() });

const leaf = z.object({
  name: z.string().min(1).max(100),
  type: z.number().int(),
  value: z.union([z.string().max(6000), z.number(), z.boolean()]).optional(),
  focused: z.boolean().optional(),
});
const sub = leaf.extend({ options: z.array(leaf).max(25).optional() });
const group = leaf.extend({ options: z.array(sub).max(25).optional() });

const common = {
  id: snowflake,
  application_id: snowflake,
  token: z.string().min(1).max(1000),
  locale: z.string().max(20).optional(),
  guild_id: snowflake.optional(),
  channel_id: snowflake.optional(),
  channel: z.object({ id: snowflake }).optional(),
  member: z.object({ user, permissions: bitfield }).optional(),
  user: user.optional(),
  app_permissions: bitfield.optional(),
  /** The largest file this interaction's answer may carry, in bytes (Discord sends it with every interaction). */
  attachment_size_limit: z.number().int().positive().optional(),
};

const command = z.object({ ...common, type: z.literal(InteractionType.Command), data: z.object({ name: z.string().min(1).max(32), options: z.array(group).max(25).optional() }) });
const autocomplete = z.object({ ...common, type: z.literal(InteractionType.Autocomplete), data: z.object({ name: z.string().min(1).max(32), options: z.array(group).max(25).optional() }) });
const component = z.object({ ...common, type: z.literal(InteractionType.Component), data: z.object({ custom_id: z.string().min(1).max(100), component_type: z.number().int() }) });

export type CommandInteraction = z.infer<typeof command>;
export type AutocompleteInteraction = z.infer<typeof autocomplete>;
export type ComponentInteraction = z.infer<typeof component>;
export type Interaction = CommandInteraction | AutocompleteInteraction | ComponentInteraction;

export type Parsed = { ok: true; ping: true } | { ok: true; interaction: Interaction } | { ok: false; reason: string };

function problem(error: z.ZodError): string {
  const issue = error.issues[0]!;
  return `${issue.path.join('.') || 'body'}: ${issue.message}`;
}

/** A parsed JSON body as one of the interactions Wattson serves. */
export function parseInteraction(body: unknown): Parsed {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return { ok: false, reason: `the body is ${body === null ? 'null' : Array.isArray(body) ? 'an array' : `a ${typeof body}`}, not an object` };
  const type = (body as { type?: unknown }).type;
  if (type === InteractionType.Ping) return { ok: true, ping: true };
  const schema = type === InteractionType.Command ? command : type === InteractionType.Autocomplete ? autocomplete : type === InteractionType.Component ? component : undefined;
  if (!schema) return { ok: false, reason: `interaction type ${JSON.stringify(type)?.slice(0, 20)} is not one Wattson serves` };
  const parsed = schema.safeParse(body);
  if (!parsed.success) return { ok: false, reason: problem(parsed.error) };
  const i = parsed.data;
  if (!i.member && !i.user) return { ok: false, reason: 'neither member nor user' };
  if (i.type === InteractionType.Component && i.data.component_type !== BUTTON) return { ok: false, reason: 'a component that is not a button' };
  return { ok: true, interaction: i };
}
