// Run as: node --import tsx --import ./record-loads.mjs probe.ts <entry files...>
// Imports each entry in turn and prints, as JSON, the URLs each one caused to be resolved,
// plus the CommonJS modules that were required.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

type Probe = () => Promise<string[]>;
const resolved = (globalThis as unknown as { __resolvedUrls: Probe }).__resolvedUrls;
const require = createRequire(import.meta.url);
const report: Record<string, string[]> = {};
let before = new Set(await resolved());
for (const entry of process.argv.slice(2)) {
  await import(pathToFileURL(entry).href);
  const now = await resolved();
  report[entry] = [
    ...now.filter((url) => !before.has(url)),
    ...Object.keys(require.cache).map((path) => pathToFileURL(path).href),
  ];
  before = new Set(now);
}
process.stdout.write(JSON.stringify(report));
