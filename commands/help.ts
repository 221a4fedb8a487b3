import * as z from 'zod';
import { type Command, defineCommand } from '../src/dispatch/command.js';
import { about, type OptionSpec, optionSpecs } from '../src/dispatch/options.js';
import type { Locale } from '../src/locale.js';
import { pick, say } from '../src/locale.js';
import { errorReply } from '../src/replies/build.js';
import type { Block } from '../src/replies/model.js';

function usage(cmd: Command): string {
  const opts = (schema: Command['options']) =>
    optionSpecs(schema)
      .map((o) => (o.required ? `<${o.name}>` : `[${o.name}]`))
      .join(' ');
  if (cmd.subcommands?.length) return cmd.subcommands.map((s) => `/${cmd.name} ${s.name} ${opts(s.options)}`.trim()).join('\n');
  return `/${cmd.name} ${opts(cmd.options)}`.trim();
}

function detail(cmd: Command, locale: Locale): Block[] {
  const options: OptionSpec[] = [...optionSpecs(cmd.options), ...(cmd.subcommands ?? []).flatMap((s) => optionSpecs(s.options))];
  return [
    { type: 'text', text: pick(locale, cmd.description) },
    { type: 'list', title: say(locale, 'Usage', '用法'), items: usage(cmd).split('\n') },
    ...(options.length > 0
      ? [
          {
            type: 'list' as const,
            title: say(locale, 'Options', '选项'),
            items: options.map((o) => `${o.name}: ${pick(locale, o.description)}${o.required ? '' : say(locale, ' (optional)', '（可选）')}`),
          },
        ]
      : []),
    { type: 'list', title: say(locale, 'Examples', '示例'), items: cmd.examples.map((e) => `${e.line}  (${pick(locale, e.description)})`) },
  ];
}

export const help = defineCommand({
  name: 'help',
  remembered: false,
  description: { en: 'Every command with an example, or the details of one', zh: '列出所有命令及示例，或查看某个命令的详情' },
  options: z.object({
    command: z
      .string()
      .max(40)
      .optional()
      .meta(about('A command to explain', '要查看的命令', { autocomplete: 'command' })),
  }),
  examples: [
    { line: '/help', description: { en: 'All commands', zh: '所有命令' } },
    { line: '/help ask', description: { en: 'How /ask works', zh: '/ask 的用法' } },
  ],
  run(args, ctx) {
    const { locale, commands } = ctx;
    const wanted = args.command?.replace(/^\//, '').toLowerCase();
    if (wanted) {
      const cmd = commands.find((c) => c.name === wanted);
      if (!cmd) {
        return errorReply(
          locale,
          'unknown-command',
          {
            en: `There is no /${wanted.slice(0, 40)} command. Commands: ${commands.map((c) => c.name).join(', ')}.`,
            zh: `没有 /${wanted.slice(0, 40)} 这个命令。可用命令：${commands.map((c) => c.name).join('、')}。`,
          },
          '/help ask',
        );
      }
      return { kind: 'help', title: `/${cmd.name}`, blocks: detail(cmd, locale), actions: cmd.examples.slice(0, 3).map((e) => ({ label: e.line, command: e.line })), data: {} };
    }
    return {
      kind: 'help',
      title: say(locale, 'Wattson: energy and AI, from Silicon Valley 101 E149', 'Wattson：AI 与能源问答，内容来自《硅谷101》E149'),
      blocks: [
        ...commands.map((c): Block => ({ type: 'list', title: `/${c.name}: ${pick(locale, c.description)}`, items: c.examples.slice(0, 2).map((e) => e.line) })),
        { type: 'text', text: say(locale, 'Details of one command: /help <command>.', '查看某个命令的详情：/help <命令>。') },
      ],
      actions: [],
      data: {},
    };
  },
});
