// Helm's values rules on the `parent` fixture (parent -> sub, sub as alias "second", opt).
// Expected values were confirmed with helm-oracle (Helm 4.1 semantics) rendering `toJson .Values`.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatManifests } from '../../src/helm/release/manifests.js';
import { renderChart } from '../../src/helm/engine/render-chart.js';
import { readChart } from '../../src/helm/loader/load.js';
import { prepareChart } from '../../src/helm/values/prepare.js';
import { coalescedView, coalesceValues } from '../../src/helm/values/coalesce.js';
import { buildUserValues } from '../../src/helm/values/user-values.js';
import type { Values } from '../../src/helm/engine/render-types.js';
import { fixtureChart } from './fixtures.js';

async function prepare(set: string[] = []) {
  const chart = await readChart(fixtureChart('parent'));
  return prepareChart(chart, buildUserValues({ set }), '4.1');
}
const names = (p: { chart: { dependencies: { metadata: { name: string } }[] } }) => p.chart.dependencies.map((d) => d.metadata.name).sort();

describe('values rules (helm chartutil)', () => {
  it('the view for conditions is coalesceValues, sharing what coalescing does not change and changing neither input', async () => {
    const chart = await readChart(fixtureChart('parent'));
    const user: Values = buildUserValues({ set: ['sub.replicas=5', 'global.region=us', 'unrelated.deep.key=1', 'dropped=null'] });
    const json = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x));
    const before = json({ user, defaults: chart.values });
    for (const helmVersion of ['3.17', '4.1', '4.2'] as const) {
      const view = coalescedView(chart, user, { helmVersion });
      expect(json(view)).toBe(json(coalesceValues(chart, user, { helmVersion })));
      expect(view.unrelated).toBe(user.unrelated);
      expect(view.sub).not.toBe(user.sub);
      expect(view.global).not.toBe(user.global);
    }
    expect(json({ user, defaults: chart.values })).toBe(before);
  });

  it('subchart scoping: the parent table named after the subchart overrides its defaults (coalesce: parent wins)', async () => {
    const { values } = await prepare();
    const sub = values.sub as Values;
    expect(sub.replicas).toBe(3);
    expect(sub.name).toBe('sub');
  });

  it('global: parent globals are copied into the subchart and win over its own (coalesceGlobals)', async () => {
    const { values } = await prepare();
    expect((values.sub as Values).global).toEqual({ nested: { a: 1 }, region: 'eu', subOnly: true });
    expect(values.global).toEqual({ nested: { a: 1 }, region: 'eu' });
  });

  it("null in a parent chart default deletes the subchart default (real Helm 3.17 and 4.1 keep the top chart's nulls)", async () => {
    const { values } = await prepare();
    expect('dropped' in (values.sub as Values)).toBe(false);
    // Helm 4.2 drops the parent's default null before it reaches the subchart: its default stays
    const four2 = prepareChart(await readChart(fixtureChart('parent')), {}, '4.2').values;
    expect((four2.sub as Values).dropped).toBe((await readChart(fixtureChart('parent'))).dependencies.find((d) => d.metadata.name === 'sub')!.values.dropped);
  });

  it("nulls of the top chart's own values.yaml are kept; a subchart's top-level nulls are dropped, its nested ones kept by Helm 4 only", async () => {
    const chart = await readChart(fixtureChart('parent'));
    chart.values = { ...chart.values, topNull: null, table: { inner: null, x: 1 } };
    const sub = chart.dependencies.find((d) => d.metadata.name === 'sub')!;
    sub.values = { ...sub.values, subNull: null, subTable: { inner: null } };
    for (const helmVersion of ['3.17', '4.1'] as const) {
      const { values } = prepareChart(chart, {}, helmVersion);
      expect(values.topNull).toBeNull();
      expect(values.table).toEqual({ inner: null, x: 1 });
      expect('subNull' in (values.sub as Values)).toBe(false);
      expect((values.sub as Values).subTable).toEqual(helmVersion === '4.1' ? { inner: null } : {});
    }
  });

  it("Helm 4.2 leaves every default null out, the top chart's too; a null the user gives still deletes a default", async () => {
    const chart = await readChart(fixtureChart('parent'));
    chart.values = { ...chart.values, topNull: null, table: { inner: null, x: 1 }, kept: 'k' };
    const sub = chart.dependencies.find((d) => d.metadata.name === 'sub')!;
    sub.values = { ...sub.values, subNull: null, subTable: { inner: null } };
    for (const shareDefaults of [false, true]) {
      const { values } = prepareChart(chart, { kept: null }, '4.2', { shareDefaults });
      expect('topNull' in values).toBe(false);
      expect(values.table).toEqual({ x: 1 });
      expect('kept' in values).toBe(false);
      expect('subNull' in (values.sub as Values)).toBe(false);
      expect((values.sub as Values).subTable).toEqual({});
    }
  });

  it('null from the user deletes a default (coalesceValues: user null removes the key)', async () => {
    const { values } = await prepare(['deleteMe=null', 'sub.replicas=null']);
    expect('deleteMe' in values).toBe(false);
    expect('replicas' in (values.sub as Values)).toBe(false);
  });

  it('condition: a resolvable bool condition decides, even over a true tag (processDependencyEnabled)', async () => {
    expect(names(await prepare())).toEqual(['sub']);
    expect(names(await prepare(['opt.enabled=true']))).toEqual(['opt', 'sub']);
  });

  it('tags: a false tag disables a dependency whose condition does not resolve', async () => {
    const chart = await readChart(fixtureChart('parent'));
    const p = prepareChart(chart, buildUserValues({ set: ['tags.extras=false', 'opt.enabled=x'] }));
    expect(names(p)).toEqual(['sub']);
    const q = prepareChart(chart, buildUserValues({ set: ['tags.extras=true', 'opt.enabled=x'] }));
    expect(names(q)).toEqual(['opt', 'sub']);
  });

  it('alias: the same chart twice under two names, each with its own values (getAliasDependency)', async () => {
    const p = await prepare(['second.enabled=true']);
    expect(names(p)).toEqual(['second', 'sub']);
    expect((p.values.second as Values).name).toBe('two');
    expect((p.values.sub as Values).name).toBe('sub');
  });

  it('import-values: string form imports exports.X at the top, map form at parent path; parent values win', async () => {
    const { values } = await prepare(['opt.enabled=true']);
    expect(values.fromExport).toBe(1);
    expect(values.imported).toEqual({ config: { extra: true, own: 'parent-wins' } });
  });

  it('numbers from values files are float64, numbers from --set are int64 (JSON round trip vs strvals)', async () => {
    const { values } = await prepare(['n=5']);
    expect(values.big).toBe(1000000);
    expect(values.n).toBe(5n);
  });

  it('the loaded chart is not mutated by a render (aliases and disabled charts are per render)', async () => {
    const chart = await readChart(fixtureChart('parent'));
    prepareChart(chart, buildUserValues({ set: ['second.enabled=true'] }));
    expect(chart.dependencies.map((d) => d.metadata.name)).toEqual(['opt', 'sub']);
    expect(chart.metadata.dependencies?.map((d) => d.name)).toEqual(['sub', 'sub', 'opt']);
  });
});

describe('nested subcharts (alias inside alias, conditions and tags at each level, import from a grandchild)', () => {
  const golden = (n: string) => readFileSync(fixtureChart(n), 'utf8');
  it.each([
    ['nested-aliases.golden.yaml', [] as string[]],
    ['nested-aliases-off.golden.yaml', ['middle.leafless.enabled=false', 'global.leafless=true']],
  ])('renders like helm-oracle: %s', async (file, set) => {
    const r = renderChart(await readChart(fixtureChart('nested-aliases')), { values: buildUserValues({ set }), helmVersion: '4.1' });
    expect(formatManifests(r.docs)).toBe(golden(file));
  });
});
