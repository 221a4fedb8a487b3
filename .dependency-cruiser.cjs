/**
 * The import rules of ../shared/design.md, checked in `npm test` (npm run deps). The flow is
 * one way: platform → adapter → dispatch → command → core → reply.
 *
 * The rules run over the compiled JavaScript in dist/, which is what a process loads: type-only
 * imports are gone there (they move no code), and TypeScript 7 offers dependency-cruiser no
 * compiler API to tell them apart in the sources.
 */
const CORE = '^dist/src/(facts|quantities|projections)/';
module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment: 'The core (facts, quantities, projections) knows nothing of replies, commands, dispatch, adapters or daily posts.',
      severity: 'error',
      from: { path: CORE },
      to: { path: '^dist/(src/(replies|dispatch|adapters|daily)|commands)/' },
    },
    {
      name: 'replies-are-pure',
      comment: 'Replies and renderers are pure functions of the reply model: no commands, dispatch, adapters or daily posts.',
      severity: 'error',
      from: { path: '^dist/src/replies/' },
      to: { path: '^dist/(src/(dispatch|adapters|daily)|commands)/' },
    },
    {
      name: 'commands-know-no-platform',
      comment: 'A command is served on every platform, so it never reaches into one.',
      severity: 'error',
      from: { path: '^dist/commands/' },
      to: { path: '^dist/src/adapters/' },
    },
    {
      name: 'dispatch-knows-no-platform',
      severity: 'error',
      from: { path: '^dist/src/dispatch/' },
      to: { path: '^dist/src/adapters/' },
    },
    {
      name: 'discord-js-only-in-its-adapter',
      severity: 'error',
      from: { pathNot: '^dist/(src/adapters/discord/|bench/)' },
      to: { path: 'node_modules/(discord\\.js|@discordjs)/' },
    },
    {
      name: 'bolt-only-in-its-adapter',
      severity: 'error',
      from: { pathNot: '^dist/(src/adapters/slack/|bench/)' },
      to: { path: 'node_modules/@slack/' },
    },
    {
      name: 'mathjs-only-through-the-units-module',
      severity: 'error',
      from: { pathNot: '^dist/(src/quantities/math\\.js|bench/)' },
      to: { path: 'node_modules/mathjs/' },
    },
    {
      name: 'console-and-cli-never-load-platform-libraries',
      comment: 'npm start without settings and npm run cli must not pay for discord.js or Bolt.',
      severity: 'error',
      from: { path: '^dist/src/(cli\\.js|adapters/console/)' },
      to: { path: 'node_modules/(discord\\.js|@discordjs|@slack)/', reachable: true },
    },
    {
      name: 'adapters-stay-apart',
      comment: 'One platform never reaches into another platform adapter; the shared HTTP server (adapters/http) is for all of them.',
      severity: 'error',
      from: { path: '^dist/src/adapters/([^/]+)/' },
      to: { path: '^dist/src/adapters/([^/]+)/', pathNot: '^dist/src/adapters/($1|http)/' },
    },
    {
      name: 'http-server-knows-no-platform',
      comment: 'The one HTTP server serves Slack and Discord routes alike: it loads neither library and no platform adapter.',
      severity: 'error',
      from: { path: '^dist/src/adapters/http/' },
      to: { path: ['node_modules/(discord\\.js|@discordjs|@slack)/', '^dist/src/adapters/(discord|slack|console)/'] },
    },
    {
      name: 'database-is-infrastructure',
      comment: 'src/db (SQLite, Postgres, the stores on them) is opened by the composition root; the core, replies and dispatch never import it.',
      severity: 'error',
      from: { path: '^dist/src/(facts|quantities|projections|replies|dispatch|text)/' },
      to: { path: '^dist/src/db/' },
    },
    {
      name: 'commands-reach-the-database-through-services',
      comment: 'A command gets stores as ctx.services (their interfaces), never by loading src/db or a database driver, however indirectly.',
      severity: 'error',
      from: { path: '^dist/commands/' },
      to: { path: '^dist/src/db/|node_modules/(pg|better-sqlite3)/', reachable: true },
    },
    {
      name: 'database-knows-no-platform-or-command',
      comment: 'The stores serve the commands and adapters, so they import neither (nor the dispatch layer).',
      severity: 'error',
      from: { path: '^dist/src/db/' },
      to: { path: '^dist/(src/(adapters|dispatch)|commands)/' },
    },
    {
      name: 'drivers-only-in-the-database-layer',
      comment: 'pg and better-sqlite3 are src/db\'s business (tests and the bench aside).',
      severity: 'error',
      from: { pathNot: '^dist/(src/db/|bench/|scripts/)' },
      to: { path: 'node_modules/(pg|pg-[a-z-]+|better-sqlite3)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.json'] },
    moduleSystems: ['es6', 'cjs'],
  },
};
