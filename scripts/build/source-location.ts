import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import type { Plugin } from 'esbuild';

/** A file a bundled module reads at run time, by its own `new URL('…', import.meta.url)`. */
export interface RuntimeAsset {
  /** Repository-relative path (a file or a folder). */
  path: string;
}

const TYPESCRIPT = /\.[cm]?ts$/;
const OWN_URL_REFERENCE = /new URL\(\s*(['"])([^'"]+)\1\s*,\s*import\.meta\.url\s*\)/g;

/**
 * Keeps each bundled module's `import.meta.url` pointing where that module would sit in the app's
 * dist folder (dist/<app>/<repository path>), so `new URL('../migrations', import.meta.url)` and
 * `createRequire(import.meta.url)` resolve as they do from the sources; the files so referenced
 * are collected in `assets` for the build to copy or bundle beside it.
 */
export function sourceLocationPlugin(root: string, assets: Map<string, RuntimeAsset>): Plugin {
  return {
    name: 'source-location',
    setup(build) {
      build.onLoad({ filter: TYPESCRIPT }, async ({ path }) => {
        if (path.includes('/node_modules/')) return undefined;
        const source = await readFile(path, 'utf8');
        if (!source.includes('import.meta.url')) return { contents: source, loader: 'ts' };
        for (const [, , target] of source.matchAll(OWN_URL_REFERENCE)) {
          const asset = relative(root, resolve(dirname(path), target ?? ''));
          assets.set(asset, { path: asset });
        }
        const ownUrl = `new URL(${JSON.stringify(`./${relative(root, path)}`)}, import.meta.url).href`;
        return { contents: source.replaceAll('import.meta.url', ownUrl), loader: 'ts' };
      });
    },
  };
}

/** Leaves every package but the workspace's own (@shop/*) to node_modules at run time. */
export function externalPackagesPlugin(): Plugin {
  return {
    name: 'external-packages',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, ({ path }) =>
        path.startsWith('@shop/') ? undefined : { path, external: true },
      );
    },
  };
}
