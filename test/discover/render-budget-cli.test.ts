// The render budget counts work, not time: the optional search takes a render over budget as one
// that does not render, so a limit read from the clock made `images --optional` list different
// images on a loaded machine (binderhub, once,). A loop is now stopped by its step
// count, at the same step on every run; the clock is only a hang guard, and a render it ends fails
// the chart with the template named, never leaves the chart's images short.
import { describe, expect, it } from 'vitest';
import { deployment, templateChart } from './template-chart.js';
import { runCli } from './run-cli.js';

const LOOP = '{{ range until 3000 }}{{ range until 1000 }}{{ end }}{{ end }}';

const looping = templateChart({ 'cm.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  x: "${LOOP}"\n` });

// the default render is a few dozen steps (the clock is read every 256); the switch runs the loop
const toggled = templateChart(
  {
    'deploy.yaml': deployment('op', '{{ .Values.image }}'),
    'extra.yaml': `{{- if .Values.extra.enabled }}\n${deployment('extra', '{{ .Values.extra.image }}')}{{ end }}\n`,
    'slow.yaml': `{{- if .Values.slow.enabled }}\n${deployment('slow', 'quay.io/acme/slow:1.0')}      # ${LOOP}\n{{ end }}\n`,
  },
  'image: quay.io/acme/op:1.0\nextra:\n  enabled: false\n  image: quay.io/acme/extra:1.0\nslow:\n  enabled: false\n',
);

describe('the render budget counts steps', () => {
  it('ends a looping template at the same step every run, naming the template and --render-max-steps', async () => {
    const runs = await Promise.all([1, 2, 3].map(() => runCli(['--render-max-steps', '1M', 'template', looping()])));
    for (const r of runs) {
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toMatch(/op\/templates\/cm\.yaml: the render took more than 1000000 steps \(the render budget\)\n.*--render-max-steps/);
    }
    expect(new Set(runs.map((r) => r.stderr)).size).toBe(1);
  });

  it('renders the same loop under the default limit', async () => {
    const r = await runCli(['template', looping()]);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
  });

  it('stops the optional search at the toggle over the step budget, with the same images every run', async () => {
    const runs = await Promise.all([1, 2].map(() => runCli(['--render-max-steps', '1M', 'images', '--optional', '-o', 'json', toggled()])));
    for (const r of runs) {
      expect(r.exitCode).toBe(0);
      expect(r.stderr).toMatch(
        /op: the optional search stopped: with .*slow\.enabled=true.*: op\/templates\/slow\.yaml: the render took more than 1000000 steps/,
      );
    }
    expect(runs[0]!.stdout).toBe(runs[1]!.stdout);
  });

  it('fails the chart, naming the template, when the hang guard ends a toggled render the search would pass over', async () => {
    // a millisecond: the default render never reads the clock, the toggled loop reads it thousands of times
    const r = await runCli(['--render-timeout', '0.001', 'images', '--optional', toggled()]);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/op\/templates\/slow\.yaml: the render ran for more than 0\.001 s after \d+ steps \(the render budget's hang guard/);
  });
});
