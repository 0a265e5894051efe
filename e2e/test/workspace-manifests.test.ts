// Issue 14, item 6: every workspace's package.json is honest — `dependencies` are exactly the packages its
// src/ imports, `devDependencies` exactly those only its tests (unit tests in src/ included) and scripts
// import. The imports are read by dependency-cruiser (the lint's parser and resolver), type-only included.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { repositoryRoot, runDependencyCruiser } from '../fixtures/dependency-cruiser.js';

/** Packages src/ uses by name rather than by an import, which no parser sees: pino loads its transport by name. */
const usedByName: Record<string, string[]> = {
  'libs/platform': ['pino-pretty'],
};

/**
 * Packages src/ uses that stay development dependencies on purpose: the gateway resolves Scalar's browser
 * bundle, which the build copies beside dist/gateway (5 MB of the 60 MB package), so the image's
 * production install leaves the package out.
 */
const shippedByTheBuild: Record<string, string[]> = {
  gateway: ['@scalar/api-reference'],
};

interface CruisedModule {
  source: string;
  dependencies: { module: string; dependencyTypes: string[] }[];
}

interface Manifest {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/** The workspaces the root package.json names (libs/*, services/*, gateway). */
async function workspaces(): Promise<string[]> {
  const root = JSON.parse(await readFile(join(repositoryRoot, 'package.json'), 'utf8')) as {
    workspaces: string[];
  };
  const found: string[] = [];
  for (const pattern of root.workspaces) {
    if (!pattern.endsWith('/*')) {
      found.push(pattern);
      continue;
    }
    const parent = pattern.slice(0, -2);
    const entries = await readdir(join(repositoryRoot, parent), { withFileTypes: true });
    for (const entry of entries) if (entry.isDirectory()) found.push(`${parent}/${entry.name}`);
  }
  return found.sort();
}

/** `hono/utils/http-status` → `hono`; `@hono/node-server/conninfo` → `@hono/node-server`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

/**
 * Workspaces whose src/ only tests use (the test kit): what it imports is development, so an image's
 * production install leaves vitest, vite (and its tsx) and testcontainers out.
 */
const testSupport = new Set(['libs/testing']);

/** src/ is what runs; its unit tests (x.unit.test.ts next to the code) are development, like test/. */
function isRuntimeSource(workspace: string, file: string): boolean {
  return !testSupport.has(workspace) && file.startsWith(`${workspace}/src/`) && !file.endsWith('.test.ts');
}

function isPackageImport(dependency: CruisedModule['dependencies'][number]): boolean {
  return !dependency.module.startsWith('.') && !dependency.dependencyTypes.includes('core');
}

let names: string[];
let imported: Map<string, { src: Set<string>; dev: Set<string> }>;

beforeAll(async () => {
  names = await workspaces();
  const { code, output } = await runDependencyCruiser(names, ['--output-type', 'json']);
  expect(code, output.slice(0, 2000)).toBe(0);
  const { modules } = JSON.parse(output) as { modules: CruisedModule[] };
  imported = new Map(names.map((name) => [name, { src: new Set<string>(), dev: new Set<string>() }]));
  for (const module of modules) {
    const owner = names.find((name) => module.source.startsWith(`${name}/`));
    if (!owner) continue;
    const uses = imported.get(owner) as { src: Set<string>; dev: Set<string> };
    const into = isRuntimeSource(owner, module.source) ? uses.src : uses.dev;
    for (const dependency of module.dependencies.filter(isPackageImport))
      into.add(packageOf(dependency.module));
  }
});

describe('workspace manifests', () => {
  it('finds every workspace', () => {
    expect(names).toEqual(expect.arrayContaining(['gateway', 'libs/platform', 'services/order']));
  });

  it('declare exactly what src/ imports as dependencies and what only the tests import as devDependencies', async () => {
    const mismatches: Record<string, unknown> = {};
    for (const name of names) {
      const manifest = JSON.parse(
        await readFile(join(repositoryRoot, name, 'package.json'), 'utf8'),
      ) as Manifest;
      const uses = imported.get(name) as { src: Set<string>; dev: Set<string> };
      const shipped = shippedByTheBuild[name] ?? [];
      const runtime = new Set(
        [...uses.src, ...(usedByName[name] ?? [])].filter((pkg) => !shipped.includes(pkg)),
      );
      const testOnly = [...new Set([...uses.dev, ...shipped])].filter((pkg) => !runtime.has(pkg));
      const declared = {
        dependencies: Object.keys(manifest.dependencies ?? {}).sort(),
        devDependencies: Object.keys(manifest.devDependencies ?? {}).sort(),
      };
      const expected = { dependencies: [...runtime].sort(), devDependencies: testOnly.sort() };
      if (JSON.stringify(declared) !== JSON.stringify(expected)) mismatches[name] = { declared, expected };
    }
    expect(mismatches).toEqual({});
  });
});
