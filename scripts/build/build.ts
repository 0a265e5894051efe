// `npm run build` (after tsc has type-checked): one ES module bundle per app in dist/<app>/main.js,
// the workspace's own code inlined, every other package left to node_modules, plus the files the code
// reads at run time. Production runs `node dist/<app>/main.js`; no TypeScript loader involved.
import { cp, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type BuildOptions, build } from 'esbuild';
import { buildAdminConsole } from './admin-console.js';
import { externalPackagesPlugin, type RuntimeAsset, sourceLocationPlugin } from './source-location.js';

const root = process.cwd();
const dist = join(root, 'dist');

/** A package the app resolves by name at run time for files only (never imports), and those files. */
interface VendoredPackage {
  name: string;
  files: string[];
}

interface App {
  name: string;
  entry: string;
  vendored?: VendoredPackage[];
}

// The gateway serves Scalar's self-contained browser bundle at /docs: the image gets that file and
// the package's manifest (read for its version) and entry (resolved, never loaded), not its 60 MB.
const scalarBundle: VendoredPackage = {
  name: '@scalar/api-reference',
  files: ['package.json', 'dist/index.js', 'dist/browser/standalone.js'],
};

async function listApps(): Promise<App[]> {
  const services = await readdir(join(root, 'services'));
  return [
    { name: 'gateway', entry: 'gateway/src/main.ts', vendored: [scalarBundle] },
    ...services.sort().map((name) => ({ name, entry: `services/${name}/src/main.ts` })),
    // The one-shot step creating each service's database role (compose's db-bootstrap).
    { name: 'db-bootstrap', entry: 'scripts/database/bootstrap.ts' },
  ];
}

function bundleOptions(assets: Map<string, RuntimeAsset>): BuildOptions {
  return {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    sourcemap: 'linked',
    // Error and class names stay as written (esbuild renames clashing top-level names otherwise).
    keepNames: true,
    logLevel: 'warning',
    plugins: [externalPackagesPlugin(), sourceLocationPlugin(root, assets)],
  };
}

async function buildApp(app: App): Promise<void> {
  const out = join(dist, app.name);
  await rm(out, { recursive: true, force: true });
  const assets = new Map<string, RuntimeAsset>();
  await build({ ...bundleOptions(assets), entryPoints: [app.entry], outfile: join(out, 'main.js') });
  for (const asset of assets.values()) await placeAsset(asset, out);
  for (const vendored of app.vendored ?? []) await vendor(vendored, app.entry, out);
}

/** Code (a worker script) is bundled like the app; folders and data files are copied. */
async function placeAsset(asset: RuntimeAsset, out: string): Promise<void> {
  const target = join(out, asset.path);
  const source = join(root, asset.path);
  if (/\.[cm]?[jt]s$/.test(asset.path) && (await stat(source)).isFile()) {
    await build({ ...bundleOptions(new Map()), entryPoints: [source], outfile: target });
  } else {
    await cp(source, target, { recursive: true });
  }
}

async function vendor({ name, files }: VendoredPackage, entry: string, out: string): Promise<void> {
  const resolved = createRequire(join(root, entry)).resolve(name);
  const home = `/node_modules/${name}/`;
  const packageRoot = resolved.slice(0, resolved.lastIndexOf(home) + home.length);
  for (const file of files) {
    const target = join(out, 'node_modules', name, file);
    await mkdir(dirname(target), { recursive: true });
    await cp(join(packageRoot, file), target);
  }
}

const started = performance.now();
await mkdir(dist, { recursive: true });
await writeFile(join(dist, 'package.json'), `${JSON.stringify({ type: 'module' }, null, 2)}\n`);
// First: the gateway's bundle copies the console's build (gateway/admin/dist) beside it.
await buildAdminConsole();
const apps = await listApps();
await Promise.all(apps.map(buildApp));
console.log(
  `built ${apps.map((app) => `dist/${app.name}/main.js`).join(', ')} in ${Math.round(performance.now() - started)} ms`,
);
