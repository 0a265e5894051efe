// Module boundaries between the workspaces (npm run lint; docs/architecture.md, Boundaries).
// A workspace is libs/<name>, services/<name> or gateway. The harnesses outside them (e2e, scripts,
// bench) compose the apps, so they may import any of them.
const workspace = '(libs/[^/]+|services/[^/]+|gateway)';

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-service-to-service',
      comment: 'A service talks to another through events or HTTP, never by importing its code.',
      severity: 'error',
      from: { path: '^services/([^/]+)/' },
      to: { path: '^services/', pathNot: '^services/$1/' },
    },
    {
      name: 'no-gateway-to-services',
      comment: 'The gateway forwards to the services over HTTP; what both need lives in libs/.',
      severity: 'error',
      from: { path: '^gateway/' },
      to: { path: '^services/' },
    },
    {
      name: 'no-libs-to-apps',
      comment: 'Libraries are below the apps: a lib never imports a service or the gateway.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^(services|gateway)/' },
    },
    {
      name: 'no-lib-internals',
      comment:
        'Another workspace imports a lib by its package name only (@shop/<lib>), never a file of its src/.',
      severity: 'error',
      from: { path: `^${workspace}/` },
      to: { path: '^libs/[^/]+/', pathNot: ['^$1/', '^libs/[^/]+/src/index\\.ts$'] },
    },
    {
      name: 'no-lib-subpath',
      comment:
        'A lib exports only its index: @shop/<lib>/<anything> does not resolve, and must not be written.',
      severity: 'error',
      from: {},
      to: { path: '^@shop/[^/]+/.' },
    },
    {
      name: 'no-relative-path-into-another-workspace',
      comment: 'A relative path that leaves its workspace bypasses the package name (and its manifest).',
      severity: 'error',
      from: { path: `^${workspace}/` },
      to: { path: `^${workspace}/`, pathNot: '^$1/', dependencyTypes: ['local'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.mjs', '.js', '.json'],
      mainFields: ['module', 'main', 'types'],
    },
  },
};
