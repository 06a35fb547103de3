// Rendering fixture charts like `helm template`. The golden files next to the fixtures were
// produced by helm-oracle (Go text/template + Sprig, Helm 4 rules) and are compared byte for byte.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readChart } from '../../src/helm/loader/load.js';
import { formatManifests } from '../../src/helm/release/manifests.js';
import { renderChart } from '../../src/helm/engine/render-chart.js';
import { buildUserValues } from '../../src/helm/values/user-values.js';
import { fixtureChart } from './fixtures.js';

const golden = (name: string) => readFileSync(fixtureChart(name), 'utf8');
// the goldens are helm-oracle's (Helm 4.1.4)
const AS_41 = { helmVersion: '4.1' } as const;

describe('render (helm template)', () => {
  it('values-methods chart: .Values has chartutil.Values methods (AsMap for dig, Table, PathValue, YAML) (oracle golden)', async () => {
    const r = renderChart(await readChart(fixtureChart('values-methods')), AS_41);
    expect(formatManifests(r.docs)).toBe(golden('values-methods.golden.yaml'));
  });

  it('objects chart: .Release, .Chart, .Capabilities, .Files, .Template, tpl, hooks last, kind order (oracle golden)', async () => {
    const r = renderChart(await readChart(fixtureChart('objects')), AS_41);
    expect(formatManifests(r.docs)).toBe(golden('objects.golden.yaml'));
  });

  it('options: --include-crds first, --skip-tests, release name/namespace, --kube-version, --api-versions (oracle golden)', async () => {
    const r = renderChart(await readChart(fixtureChart('objects')), {
      ...AS_41,
      includeCrds: true,
      skipTests: true,
      releaseName: 'web',
      namespace: 'apps',
      kubeVersion: '1.29.3',
      apiVersions: ['example.com/v1'],
    });
    expect(formatManifests(r.docs)).toBe(golden('objects-options.golden.yaml'));
  });

  it('NOTES.txt is rendered into notes, not emitted as a document', async () => {
    const r = renderChart(await readChart(fixtureChart('objects')), { ...AS_41, releaseName: 'web' });
    expect(r.notes).toBe('Release web of objects.\n');
    expect(r.docs.some((d) => d.template.endsWith('NOTES.txt'))).toBe(false);
  });

  it('documents carry chart, template, text, parsed object and the hook flag', async () => {
    const r = renderChart(await readChart(fixtureChart('objects')), AS_41);
    const job = r.docs.find((d) => d.template === 'objects/templates/hook-job.yaml')!;
    expect(job).toMatchObject({ chart: 'objects', hook: true, object: { kind: 'Job' } });
    const dep = r.docs.find((d) => d.template === 'objects/templates/a-deployment.yaml')!;
    expect(dep.hook).toBeUndefined();
    expect(dep.object).toMatchObject({ spec: { replicas: 2 } });
  });

  it('unknown hook events make Helm skip the document', async () => {
    const r = renderChart(await readChart(fixtureChart('objects')), AS_41);
    expect(r.docs.some((d) => d.template.endsWith('unknown-hook.yaml'))).toBe(false);
  });

  it('--show-only keeps matching templates (globs on the path below the chart)', async () => {
    const chart = await readChart(fixtureChart('objects'));
    const r = renderChart(chart, { ...AS_41, showOnly: ['templates/z-*.yaml'] });
    expect(r.docs.map((d) => d.template)).toEqual(['objects/templates/z-service.yaml']);
    expect(() => renderChart(chart, { ...AS_41, showOnly: ['templates/nope.yaml'] })).toThrow(/could not find template templates\/nope.yaml in chart/);
  });

  it('subcharts: templates named parent/charts/sub/..., sub scope sees its own .Values and .Chart (oracle golden)', async () => {
    const chart = await readChart(fixtureChart('parent'));
    const r = renderChart(chart, { ...AS_41, values: buildUserValues({ set: ['second.enabled=true', 'opt.enabled=true'] }) });
    expect(formatManifests(r.docs)).toBe(golden('parent-all.golden.yaml'));
  });

  it('kubeVersion constraint of Chart.yaml is checked against --kube-version', async () => {
    const chart = await readChart(fixtureChart('objects'));
    expect(() => renderChart(chart, { ...AS_41, kubeVersion: '1.20.0' })).toThrow(
      /chart requires kubeVersion: >=1.25.0-0 which is incompatible with Kubernetes v1.20.0/,
    );
  });

  it('a render is repeatable: the loaded chart can be rendered twice with different values', async () => {
    const chart = await readChart(fixtureChart('parent'));
    const a = renderChart(chart, { ...AS_41, values: buildUserValues({ set: ['second.enabled=true'] }) });
    const b = renderChart(chart, AS_41);
    expect(a.docs.length).toBe(3);
    expect(b.docs.length).toBe(2);
  });
});

describe('apiVersion v1 charts', () => {
  it('requirements.yaml declares dependencies and import-values; requirements.* are chart files; parent defines win (oracle golden)', async () => {
    const r = renderChart(await readChart(fixtureChart('v1-requirements')), AS_41);
    expect(formatManifests(r.docs)).toBe(golden('v1-requirements.golden.yaml'));
  });
});

describe('provenance hook', () => {
  it('reports each scalar a template reads with its path in the top chart values (subcharts prefixed)', async () => {
    const reads: string[] = [];
    renderChart(await readChart(fixtureChart('parent')), {
      ...AS_41,
      onValueRead: (template, path, value) => reads.push(`${template} ${path.join('.')}=${String(value)}`),
    });
    expect(reads).toContain('parent/templates/values.yaml big=1000000');
    expect(reads).toContain('parent/charts/sub/templates/values.yaml sub.name=sub');
  });
});

describe('bitnami-style chart (library "common" as a folder, redis as a .tgz aliased twice, heavy Sprig)', () => {
  it.each([
    ['bitnami-style.golden.yaml', [] as string[]],
    [
      'bitnami-style-sessions.golden.yaml',
      ['sessions.enabled=true', 'global.imageRegistry=mirror.example.com', 'global.compatibility.openshift.adaptSecurityContext=force'],
    ],
  ])('renders like helm-oracle: %s', async (file, set) => {
    const r = renderChart(await readChart(fixtureChart('bitnami-style')), { ...AS_41, values: buildUserValues({ set }) });
    expect(formatManifests(r.docs)).toBe(golden(file));
  });

  it('library chart templates that are not partials are not rendered', async () => {
    const r = renderChart(await readChart(fixtureChart('bitnami-style')), AS_41);
    expect(r.docs.some((d) => d.template.includes('should-not-render'))).toBe(false);
  });
});
