import { fileURLToPath } from 'node:url';

const preload = (name: string) => fileURLToPath(new URL(`../preloads/${name}.ts`, import.meta.url));

/** Test preloads a ServiceProcess can start with (see e2e/faults/preloads). */
export const preloads = {
  crashBeforeAck: preload('crash-before-ack'),
  crashAfterConfirm: preload('crash-after-confirm'),
};
