/**
 * Real headless Chromium for browser tests: Debian's `chromium` driven by playwright-core.
 * `.ci/run` installs the package when it is missing.
 */
import { existsSync } from 'node:fs';
import { chromium, type Page } from 'playwright-core';

/** Where Debian and most Linux distributions put the Chromium binary. */
const candidates = [
  process.env['CHROMIUM_PATH'],
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/lib/chromium/chromium',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

/**
 * Returns the path of an installed Chromium executable, or `undefined` when none is found.
 * `CHROMIUM_PATH` takes precedence over the well-known locations.
 */
export function findChromium(): string | undefined {
  return candidates.find(
    (path): path is string => path !== undefined && path !== '' && existsSync(path),
  );
}

/**
 * Launches headless Chromium, opens a blank page, runs `fn` with it and closes the browser
 * whatever `fn` does. Throws when no Chromium is installed (install Debian's `chromium`).
 */
export async function withChromiumPage<T>(fn: (page: Page) => Promise<T>): Promise<T> {
  const executablePath = findChromium();
  if (executablePath === undefined) {
    throw new Error(
      'No Chromium found: install it (apt-get install -y chromium) or set CHROMIUM_PATH',
    );
  }
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const page = await browser.newPage();
    return await fn(page);
  } finally {
    await browser.close();
  }
}
