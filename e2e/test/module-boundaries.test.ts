// Issue 14, item 6: the module-boundary rules of .dependency-cruiser.mjs (run by `npm run lint`), shown
// once on offending files written for the test into a temporary folder inside a service, the gateway
// and a lib, and removed after. The checker is run as the lint script runs it.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repositoryRoot as root, runDependencyCruiser } from '../fixtures/dependency-cruiser.js';

const probeFolder = `boundary-probe-${process.pid}`;
const probeDirs = [
  `services/catalog/src/${probeFolder}`,
  `gateway/src/${probeFolder}`,
  `libs/messaging/src/${probeFolder}`,
];

/** Each probe: where it is written, what it holds, and the rules the checker must name for it. */
const probes = [
  {
    file: `services/catalog/src/${probeFolder}/service-to-service.ts`,
    source: "export * from '../../../order/src/config.js';\n",
    rules: ['no-service-to-service', 'no-relative-path-into-another-workspace'],
  },
  {
    file: `services/catalog/src/${probeFolder}/lib-internals.ts`,
    source: "export * from '../../../../libs/platform/src/page-cursor.js';\n",
    rules: ['no-lib-internals', 'no-relative-path-into-another-workspace'],
  },
  {
    // Plain JS: TypeScript refuses this one too (the lib exports only "."), and a concurrent typecheck
    // of the work tree must not trip over the probe.
    file: `services/catalog/src/${probeFolder}/lib-subpath.mjs`,
    source: "export * from '@shop/platform/src/page-cursor.js';\n",
    rules: ['no-lib-subpath'],
  },
  {
    file: `gateway/src/${probeFolder}/gateway-to-service.ts`,
    source: "export * from '../../../services/catalog/src/config.js';\n",
    rules: ['no-gateway-to-services', 'no-relative-path-into-another-workspace'],
  },
  {
    file: `libs/messaging/src/${probeFolder}/lib-to-service.ts`,
    source: "export * from '../../../../services/order/src/config.js';\n",
    rules: ['no-libs-to-apps', 'no-relative-path-into-another-workspace'],
  },
];

async function removeProbes(): Promise<void> {
  await Promise.all(probeDirs.map((dir) => rm(join(root, dir), { recursive: true, force: true })));
}

afterAll(removeProbes);

describe('module boundaries (npm run lint)', () => {
  it('fails on a service importing another service, the gateway or a lib importing a service, and a deep lib import', async () => {
    for (const dir of probeDirs) await mkdir(join(root, dir), { recursive: true });
    for (const probe of probes) await writeFile(join(root, probe.file), probe.source);
    try {
      const { code, output: report } = await runDependencyCruiser(probes.map((probe) => probe.file));
      expect(code, report).not.toBe(0);
      for (const probe of probes) {
        for (const rule of probe.rules) expect(report).toContain(`error ${rule}: ${probe.file} → `);
      }
      const violations = probes.reduce((sum, probe) => sum + probe.rules.length, 0);
      expect(report).toContain(`${violations} dependency violations`);
    } finally {
      await removeProbes();
    }
  });

  it('passes on the work tree as it is', async () => {
    const { code, output: report } = await runDependencyCruiser(['libs', 'services', 'gateway']);
    expect(code, report).toBe(0);
  });
});
