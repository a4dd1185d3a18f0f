import { describe, expect, it } from 'vitest';
import { builds, isClass, loadCjs, loadEsm, manifest, specifiers } from './support';

describe('the exports map', () => {
  it('lists every subpath in typesVersions too, so moduleResolution node10 finds their types', () => {
    const mapped = Object.keys(manifest.typesVersions?.['*'] ?? {});
    const subpaths = specifiers.slice(1).map((s) => s.slice(manifest.name.length + 1));
    expect(mapped.sort()).toEqual(subpaths.sort());
  });

  it.each(specifiers)('%s exports the same names from its ES module and CommonJS builds', async (s) => {
    const esm = Object.keys(await loadEsm(s)).filter((k) => k !== 'default' && k !== 'module.exports');
    const cjs = Object.keys(await loadCjs(s));
    expect(esm.length).toBeGreaterThan(0);
    expect(esm.sort()).toEqual(cjs.sort());
  });
});

describe.each(builds)('the %s build', (_format, load) => {
  it.each(specifiers)('%s: every exported class keeps its name after bundling', async (s) => {
    const classes = Object.entries(await load(s)).filter(([, value]) => isClass(value));
    const renamed = classes
      .filter(([key, value]) => (value as { name: string }).name !== key)
      .map(([key, value]) => `${key} is named ${(value as { name: string }).name}`);
    expect(renamed).toEqual([]);
  });
});
