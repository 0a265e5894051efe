import { access, constants, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';

/** Debian's Chromium (`apt-get install -y chromium`); .ci/run installs it when missing. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** A headless Chromium with a fresh profile of its own; `close` ends it and removes the profile. */
export interface HeadlessBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

// Nothing a test did not ask for: no background fetches, updates, sync or QUIC to other hosts.
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launches the machine's Chromium through playwright-core (which downloads no browser of its own).
 * The profile directory is new for each launch (Playwright's persistent context is how it takes a
 * `--user-data-dir`).
 */
export async function launchHeadlessChromium(): Promise<HeadlessBrowser> {
  try {
    await access(CHROMIUM_PATH, constants.X_OK);
  } catch {
    throw new Error(
      `No Chromium at ${CHROMIUM_PATH}: the browser tests need it. Install it with \`apt-get install -y chromium\`.`,
    );
  }
  // Loaded here, not by the index: the other tests import @shop/testing without needing it.
  const { chromium } = await import('playwright-core');
  const profile = await mkdtemp(join(tmpdir(), 'shop-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: ARGS,
    });
    return {
      context,
      async close() {
        await context.close();
        await rm(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
}
