/**
 * Debian's Chromium for browser tests. Playwright's own browser download is impossible on these
 * machines (see docs/setup.md), so every launch goes through here with the system binary and the
 * flags that let it run as root in a container without reaching out to Google's services.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type LaunchOptions } from 'playwright-core';

type LaunchPersistentContextOptions = NonNullable<Parameters<typeof chromium.launchPersistentContext>[1]>;

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function assertInstalled(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium missing at ${CHROMIUM_PATH}: run \`npm test\` (it installs it as root) or \`sudo apt-get install -y chromium\``,
    );
  }
}

/** A headless browser; each test opens its own (incognito) contexts from it. */
export async function launchChromium(options: LaunchOptions = {}): Promise<Browser> {
  assertInstalled();
  return chromium.launch({
    headless: true,
    ...options,
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  });
}

/**
 * A browser with a real profile directory. Needed for installability checks: an incognito
 * context makes `Page.getInstallabilityErrors` report `in-incognito`.
 */
export async function launchPersistent(
  userDataDir: string,
  options: LaunchPersistentContextOptions = {},
): Promise<BrowserContext> {
  assertInstalled();
  return chromium.launchPersistentContext(userDataDir, {
    headless: true,
    ...options,
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  });
}
