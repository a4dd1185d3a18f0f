/**
 * Real headless Chromium for browser tests, driven by playwright-core: the system's Chromium when
 * there is one (`CHROMIUM_PATH`, else `chromium`, `chromium-browser` or `google-chrome` on
 * `PATH`), otherwise the one `npm install` brings inside `@sparticuz/chromium` (extracted once to
 * the temporary directory). `RX_NO_SYSTEM_CHROMIUM=1` skips the `PATH` look-up.
 */
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress } from 'node:zlib';
import sparticuz from '@sparticuz/chromium';
import { chromium, type LaunchOptions, type Page } from 'playwright-core';
import { findOnPath, isExecutable, MissingProgramError } from './system-program';
import type { Env } from './system-program';

/** The names a system Chromium goes by on `PATH` (Debian, Ubuntu, Google's builds). */
const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** Which Chromium to launch: a system executable, or the one bundled in `@sparticuz/chromium`. */
export type ChromiumChoice =
  { readonly kind: 'system'; readonly path: string } | { readonly kind: 'bundled' };

/**
 * `CHROMIUM_PATH` (which must be executable), else the first Chromium on `PATH` unless
 * `RX_NO_SYSTEM_CHROMIUM=1`, else the bundled one. Only `PATH` is searched: a Chromium outside
 * it is used only when `CHROMIUM_PATH` names it.
 */
export function chooseChromium(env: Env = process.env): ChromiumChoice {
  const explicit = env['CHROMIUM_PATH'];
  if (explicit !== undefined && explicit !== '') {
    if (!isExecutable(explicit)) {
      throw new MissingProgramError(`CHROMIUM_PATH=${explicit} is not an executable Chromium`);
    }
    return { kind: 'system', path: explicit };
  }
  if (env['RX_NO_SYSTEM_CHROMIUM'] !== '1') {
    for (const name of NAMES) {
      const path = findOnPath(name, env['PATH']);
      if (path !== undefined) return { kind: 'system', path };
    }
  }
  return { kind: 'bundled' };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `fn` holding a lock directory, so parallel test workers extract the bundled Chromium once.
 * A lock older than `staleMs` (a worker that died while extracting) is taken over.
 */
async function withLock<T>(lock: string, fn: () => Promise<T>, staleMs = 120_000): Promise<T> {
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = await stat(lock).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age > staleMs) await rm(lock, { recursive: true, force: true });
      else await sleep(100);
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

type TarFs = { extract(dir: string): NodeJS.WritableStream };

/** Extracts a `.tar.br` from `@sparticuz/chromium`'s bin/ into `dir` (tar-fs is its dependency). */
async function extractTarBr(archive: string, dir: string): Promise<void> {
  const fromPackage = createRequire(createRequire(import.meta.url).resolve('@sparticuz/chromium'));
  const tar = fromPackage('tar-fs') as TarFs;
  await pipeline(createReadStream(archive), createBrotliDecompress(), tar.extract(dir));
}

let bundled: Promise<Pick<LaunchOptions, 'executablePath' | 'env'>> | undefined;

/**
 * The bundled Chromium's executable and the environment it runs in: `@sparticuz/chromium`'s own
 * `executablePath()` (the browser, its fonts and SwiftShader into the temporary directory), plus
 * the NSS and expat libraries it ships for Amazon Linux, so the browser needs nothing from apt.
 */
function bundledChromium(): Promise<Pick<LaunchOptions, 'executablePath' | 'env'>> {
  bundled ??= (async () => {
    const tmp = tmpdir();
    const libs = join(tmp, 'al2023', 'lib');
    const ready = join(tmp, 'rx-runnables-chromium.ready');
    const executablePath = await withLock(join(tmp, 'rx-runnables-chromium.lock'), async () => {
      // What a worker that died while extracting left half-written: extract it again.
      if (!existsSync(ready)) {
        await rm(join(tmp, 'chromium'), { force: true });
        await rm(join(tmp, 'al2023'), { recursive: true, force: true });
      }
      const path = await sparticuz.executablePath();
      if (!existsSync(libs)) {
        const main = createRequire(import.meta.url).resolve('@sparticuz/chromium');
        const archive = join(dirname(main), '..', '..', 'bin', 'al2023.tar.br');
        await extractTarBr(archive, join(tmp, 'al2023'));
      }
      await writeFile(ready, path);
      return path;
    });
    const inherited = process.env['LD_LIBRARY_PATH'];
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) {
      if (value !== undefined) env[key] = value;
    }
    env['LD_LIBRARY_PATH'] = inherited ? `${libs}:${inherited}` : libs;
    env['FONTCONFIG_PATH'] ??= join(tmp, 'fonts');
    return { executablePath, env };
  })();
  bundled.catch(() => {
    bundled = undefined;
  });
  return bundled;
}

/** The launch options for this machine's Chromium (see {@link chooseChromium}). */
export async function chromiumLaunchOptions(env: Env = process.env): Promise<LaunchOptions> {
  const choice = chooseChromium(env);
  const where =
    choice.kind === 'system' ? { executablePath: choice.path } : await bundledChromium();
  return {
    ...where,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  };
}

/**
 * Launches headless Chromium, opens a blank page, runs `fn` with it and closes the browser
 * whatever `fn` does.
 */
export async function withChromiumPage<T>(fn: (page: Page) => Promise<T>): Promise<T> {
  const browser = await chromium.launch(await chromiumLaunchOptions());
  try {
    const page = await browser.newPage();
    return await fn(page);
  } finally {
    await browser.close();
  }
}
