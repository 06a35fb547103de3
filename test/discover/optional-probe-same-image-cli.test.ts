// Two containers of one object behind a switch, running the same image from two values blocks whose
// registries are empty (spire's spike-pilot: tools.busybox for the init container, shell for the
// main one). The probe of optional images' empty registries told each container the other's
// registry value (both matched by object, the last listed won), so `values --include-optional` set
// the init container's repository without its registry and failed its own proof (exit 1).
import { describe, expect, it } from 'vitest';
import { templateChart } from './template-chart.js';
import { runCli } from './run-cli.js';

const image = (block: string) =>
  `"{{ with .Values.${block}.image.registry }}{{ . }}/{{ end }}{{ .Values.${block}.image.repository }}:{{ .Values.${block}.image.tag }}"`;
const deployment = `{{- if .Values.pilot.enabled }}
apiVersion: apps/v1
kind: Deployment
metadata: {name: pilot}
spec:
  template:
    spec:
      initContainers:
      - name: wait
        image: ${image('tools.busybox')}
      containers:
      - name: shell
        image: ${image('shell')}
{{- end }}
`;
const values = [
  'pilot: {enabled: false}',
  'tools: {busybox: {image: {registry: "", repository: busybox, tag: 1.37.0-uclibc}}}',
  'shell: {image: {registry: "", repository: busybox, tag: 1.37.0-uclibc}}',
  '',
].join('\n');

interface Listed {
  optional: { ref: string; sites: { source: { fieldPath: string }; valuesPaths: string[] }[] }[];
}

describe('the probe of optional images: two containers of one object, one image, two values blocks', () => {
  const chart = templateChart({ 'pilot.yaml': deployment }, values);

  it("each container carries its own block's registry value", async () => {
    const r = await runCli(['images', chart(), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const sites = (JSON.parse(r.stdout) as Listed).optional.flatMap((i) => i.sites);
    const paths = (field: string) => sites.find((s) => s.source.fieldPath === field)?.valuesPaths;
    expect(paths('spec.template.spec.initContainers[0].image')).toContain('tools.busybox.image.registry');
    expect(paths('spec.template.spec.initContainers[0].image')).not.toContain('shell.image.registry');
    expect(paths('spec.template.spec.containers[0].image')).toContain('shell.image.registry');
  });

  it('values --include-optional moves both and proves it', async () => {
    const r = await runCli(['values', chart(), '--registry', 'mirror.local:5000/m', '--include-optional', '-o', `${chart()}-out`]);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
  });
});
