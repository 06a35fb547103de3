// Bad charts fail with errors that name the chart, file and line (Helm's messages where Helm has one).
import { describe, expect, it } from 'vitest';
import { readChart } from '../../src/helm/loader/load.js';
import { renderChart } from '../../src/helm/engine/render-chart.js';
import { buildUserValues } from '../../src/helm/values/user-values.js';
import { AirgapError } from '../../src/util/errors.js';
import { fixtureChart } from './fixtures.js';

async function renderError(name: string, set: string[] = []): Promise<AirgapError> {
  try {
    renderChart(await readChart(fixtureChart(name)), { values: buildUserValues({ set }) });
  } catch (e) {
    expect(e).toBeInstanceOf(AirgapError);
    return e as AirgapError;
  }
  throw new Error(`${name} rendered without error`);
}

describe('bad charts give clear errors', () => {
  it('missing Chart.yaml (helm: "Chart.yaml file is missing")', async () => {
    const e = await renderError('bad-no-chart-yaml');
    expect(e.message).toMatch(/chart .*bad-no-chart-yaml: Chart.yaml file is missing/);
    expect(e.hint).toBeTruthy();
  });

  it('bad YAML in values.yaml names the file and line', async () => {
    const e = await renderError('bad-yaml');
    expect(e.message).toMatch(/bad-yaml\/values\.yaml: line \d+: /);
  });

  it('required value missing: "execution error at (FILE:LINE:COL): MESSAGE" (helm engine)', async () => {
    const e = await renderError('bad-required');
    expect(e.message).toBe('execution error at (bad-required/templates/deployment.yaml:9:51): image.tag is required');
    // a chart's `fail` asks for a value or, as mysql-operator does in `default`, for a namespace
    expect(e.hint).toBe('set what the chart asks for: a value (-f/--set) or the release namespace (-n/--namespace)');
    await expect(renderError('bad-required', ['image.tag=1'])).rejects.toThrow(/rendered without error/);
  });

  it('fail in NOTES.txt aborts the render even though NOTES are not emitted', async () => {
    const e = await renderError('bad-notes');
    expect(e.message).toBe('execution error at (bad-notes/templates/NOTES.txt:1:3): notes refuse to render');
  });

  it('schema violation names each path (helm 4: "- at \'/path\': ...")', async () => {
    const e = await renderError('bad-schema', ['replicas=0', 'image.x=1']);
    expect(e.message).toBe(
      "values don't meet the specifications of the schema(s) in the following chart(s):\nbad-schema:\n" +
        "- at '/replicas': minimum: got 0, want 1\n- at '/image': additional properties 'x' not allowed",
    );
  });

  it('schema: type mismatch and missing required property', async () => {
    const e = await renderError('bad-schema', ['replicas=null', 'image.tag=5']);
    expect(e.message).toContain("- at '': missing property 'replicas'");
    expect(e.message).toContain("- at '/image/tag': got number, want string");
  });

  it('dependency in Chart.yaml but not in charts/ (helm: "found in Chart.yaml, but missing in charts/ directory")', async () => {
    const e = await renderError('bad-missing-dep');
    expect(e.message).toMatch(/found in Chart.yaml, but missing in charts\/ directory: redis/);
    expect(e.hint).toMatch(/helm dependency build/);
  });

  it('a template that renders invalid YAML: "YAML parse error on FILE"', async () => {
    const chart = await readChart(fixtureChart('objects'));
    chart.templates.push({ name: 'templates/broken.yaml', data: new TextEncoder().encode('a: [1\nb: 2\n') });
    expect(() => renderChart(chart)).toThrow(/YAML parse error on objects\/templates\/broken.yaml/);
  });

  it('include calling itself stops with a clear error, not a JavaScript stack overflow', async () => {
    const chart = await readChart(fixtureChart('objects'));
    const enc = new TextEncoder();
    chart.templates.push({
      name: 'templates/loop.yaml',
      data: enc.encode('{{- define "loop" -}}{{ include "loop" . }}{{- end -}}\nx: {{ include "loop" . }}\n'),
    });
    expect(() => renderChart(chart)).toThrow(/objects\/templates\/loop.yaml.*(depth|nested reference)/);
  });

  it('a missing chart path says so', async () => {
    await expect(readChart(fixtureChart('does-not-exist'))).rejects.toThrow(/does-not-exist: no such file or folder/);
  });
});
