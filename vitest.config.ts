import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

const src = (path: string): string => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // After the summary, one line per skip reason (a missing redis-server: how to get it).
    reporters: ['default', './test/support/skip-notes-reporter.ts'],
    projects: [
      {
        // The sources, with `rx-runnables/*` mapped to src/.
        extends: true,
        resolve: {
          alias: [
            { find: /^rx-runnables$/, replacement: src('core/index.ts') },
            { find: /^rx-runnables\/(.*)$/, replacement: src('$1/index.ts') },
          ],
        },
        test: {
          name: 'src',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/dist/**', 'test/docs/**'],
          typecheck: {
            enabled: true,
            include: ['test/**/*.test-d.ts'],
          },
        },
      },
      {
        // What ships: the built dist/, imported by the package's name through its exports map
        // (run after `npm run build`; `npm test` builds first). The docs' code blocks too: a
        // reader runs them against the package, not against src/.
        extends: true,
        test: {
          name: 'dist',
          include: ['test/dist/**/*.test.ts', 'test/docs/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
