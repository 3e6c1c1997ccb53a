// The import-direction table of ARCHITECTURE.md, enforced in `npm test`.
const only = (from, allowed) => ({
  name: `${from}-imports`,
  severity: 'error',
  comment: `src/${from} may import only: ${allowed.join(', ') || 'nothing of ours'}`,
  from: { path: `^src/${from}/` },
  to: { path: '^src/', pathNot: [`^src/${from}/`, ...allowed.map((p) => `^src/${p}`)] },
});

module.exports = {
  forbidden: [
    only('config', []),
    only('lib', []),
    only('discord/protocol', ['lib/']),
    only('discord/gateway', ['discord/protocol/', 'lib/']),
    only('discord/rest', ['discord/protocol/', 'lib/']),
    only('midjourney', ['discord/protocol/', 'lib/']),
    only('accounts', ['discord/', 'midjourney/', 'lib/', 'config/']),
    only('tasks', ['accounts/', 'midjourney/', 'lib/', 'config/']),
    only('store', ['tasks/', 'accounts/', 'config/', 'lib/']),
    only('notify', ['tasks/', 'lib/', 'config/']),
    only('translate', ['tasks/', 'lib/', 'config/']),
    only('images', ['tasks/', 'lib/', 'config/']),
    only('api', ['tasks/', 'accounts/', 'translate/', 'images/', 'config/', 'lib/']),
    // Observes every layer through its observer types; only main.ts imports it (the API serves it through a port).
    only('metrics', ['tasks/', 'accounts/', 'discord/', 'notify/', 'translate/', 'lib/']),
    only('sim', ['discord/protocol/', 'lib/']),
    // Cluster mode's seams (leases, queues, pub/sub) drive tasks and accounts; only main.ts imports it, lazily.
    only('cluster', ['tasks/', 'accounts/', 'config/', 'lib/']),
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js'] },
  },
};
