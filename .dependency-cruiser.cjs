/**
 * The floors of the code, checked by `npm run check:layers` (part of `npm test`). From the top:
 *   cli, main.ts, worker.ts     the processes
 *   app.ts, ops-app.ts, services.ts   composition
 *   webhooks, http (api router, auth), chat (the chat pipeline: processor, commands, replies)
 *   features                    services, repositories, routes of each noun
 *   fonnte (the send client), observability, ops, background (the loop core)
 *   db, shared, config, logger, errors
 * An import may only go down. Known violations that a restructuring is removing are listed in
 * .dependency-cruiser-known-violations.json (`npm run check:layers:baseline` rewrites it); any new
 * one fails.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Files that import each other (type-only imports excepted).',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'processes-on-top',
      severity: 'error',
      comment: 'Only the entry points start processes: nothing imports src/cli, main.ts or worker.ts.',
      from: { path: '^src/', pathNot: '^src/(cli/|main\\.ts$|worker\\.ts$)' },
      to: { path: '^src/(cli/|main\\.ts$|worker\\.ts$)' },
    },
    {
      name: 'composition-above-parts',
      severity: 'error',
      comment: 'app.ts, ops-app.ts and services.ts compose the parts; no part imports them.',
      from: { path: '^src/', pathNot: '^src/(cli/|main\\.ts$|worker\\.ts$|app\\.ts$|ops-app\\.ts$|services\\.ts$)' },
      to: { path: '^src/(app|ops-app|services)\\.ts$' },
    },
    {
      name: 'features-below-chat-and-edges',
      severity: 'error',
      comment: 'Features serve the chat pipeline and the HTTP edges; they never call up into them.',
      from: { path: '^src/features/' },
      to: { path: '^src/(chat|webhooks)/|^src/http/api\\.router\\.ts$' },
    },
    {
      name: 'domain-not-http',
      severity: 'error',
      comment: 'Services, repositories and models know nothing of HTTP; routes, schemas and presenters (the JSON edge) may.',
      from: { path: '^src/features/', pathNot: '\\.(routes|schema|presenter)\\.ts$' },
      to: { path: '^src/http/' },
    },
    {
      name: 'repositories-at-the-bottom-of-a-feature',
      severity: 'error',
      comment: 'A repository holds SQL; it calls no service, route, job or worker.',
      from: { path: '\\.repository\\.ts$' },
      to: { path: '\\.(service|routes|job|worker|processor)\\.ts$' },
    },
    {
      name: 'status-moves-in-the-lifecycle',
      severity: 'error',
      comment:
        "A ticket's status changes only through shift (ticket-move-steps.ts): the lifecycle files and the merge moves use it, nothing else.",
      from: { pathNot: '^src/features/tickets/ticket-(lifecycle|lifecycle\\.work|merge-moves|move-steps)\\.ts$' },
      to: { path: '^src/features/tickets/ticket-move-steps\\.ts$' },
    },
    {
      name: 'ground-floor',
      severity: 'error',
      comment: 'db, shared, config, logger and errors are used by everything and use none of it.',
      from: { path: '^src/(db/|shared/|config/|logger\\.ts$|errors\\.ts$)' },
      to: { path: '^src/(features|chat|webhooks|http|fonnte|observability|ops|background|cli)/' },
    },
    {
      name: 'observability-below-features',
      severity: 'error',
      comment: 'Features count into observability, so it may not reach up into them.',
      from: { path: '^src/observability/' },
      to: { path: '^src/(features|chat|webhooks|http|fonnte|cli)/' },
    },
    {
      name: 'background-knows-no-work',
      severity: 'error',
      comment: 'The loop core runs passes it is given; it knows none of the work they do.',
      from: { path: '^src/background/' },
      to: { path: '^src/(features|chat|webhooks|http|fonnte|observability|ops|cli|db)/' },
    },
    {
      name: 'fonnte-client-knows-no-features',
      severity: 'error',
      comment: "The send client speaks Fonnte's HTTP API; what is sent and why is decided above it.",
      from: { path: '^src/fonnte/' },
      to: { path: '^src/(features|chat|webhooks|http|observability|ops|background|cli)/' },
    },
    {
      name: 'ops-below-features',
      severity: 'error',
      comment: 'Backup and restore work on the database file alone.',
      from: { path: '^src/ops/' },
      to: { path: '^src/(features|chat|webhooks|http|fonnte|observability)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^(src|migrations|seeds)/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
