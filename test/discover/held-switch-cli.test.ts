// Switches inside a subchart that is off (holdout PP: OpenCTI's eck-stack, off, whose nested
// eck-kibana and eck-apm-server the parent keeps off too; Kibana and APM Server are images the
// ECK operator starts for their custom resources). The first search flips every switch at once;
// some template breaks that render (a nil pointer), so the group is halved, by alternate
// position, which parts `eck-stack.eck-kibana.enabled` from `eck-stack.enabled`: alone, each
// nested switch rendered nothing, and the two images were not listed. Now the switches under a
// subchart that is off are searched once more with that subchart's switch held on.
import { execa } from 'execa';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFiles } from '../support/files.js';
import { podSpecImages } from '../support/pod-images.js';
import { realHelm } from '../support/tools.js';
import { runCli } from './run-cli.js';
import { deployment } from './template-chart.js';

let dir: string;
const chart = () => join(dir, 'app');
const sub = (name: string, condition: string) => `  - {name: ${name}, version: 0.1.0, condition: ${condition}}\n`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airgap-held-switch-'));
  await writeFiles(chart(), {
    'Chart.yaml': `apiVersion: v2\nname: app\nversion: 0.1.0\ndependencies:\n${sub('stack', 'stack.enabled')}`,
    'values.yaml': 'stack:\n  enabled: false\n  ui:\n    enabled: false\n',
    'templates/app.yaml': deployment('app', 'acme/app:1.0'),
    'charts/stack/Chart.yaml': `apiVersion: v2\nname: stack\nversion: 0.1.0\ndependencies:\n${sub('store', 'store.enabled')}${sub('ui', 'ui.enabled')}${sub('shipper', 'shipper.enabled')}${sub('agent', 'agent.enabled')}`,
    'charts/stack/values.yaml': 'store:\n  enabled: true\nui:\n  enabled: true\nshipper:\n  enabled: false\nagent:\n  enabled: false\n',
    'charts/stack/charts/store/Chart.yaml': 'apiVersion: v2\nname: store\nversion: 0.1.0\n',
    'charts/stack/charts/store/templates/store.yaml': deployment('store', 'acme/store:9.1'),
    'charts/stack/charts/ui/Chart.yaml': 'apiVersion: v2\nname: ui\nversion: 0.1.0\n',
    'charts/stack/charts/ui/templates/ui.yaml': deployment('ui', 'acme/ui:9.1'),
    // each breaks the render without more values (a field of a workload spec it reads, absent)
    'charts/stack/charts/shipper/Chart.yaml': 'apiVersion: v2\nname: shipper\nversion: 0.1.0\n',
    'charts/stack/charts/shipper/templates/shipper.yaml': 'kind: DaemonSet\nspec: {{ .Values.daemonSet.spec.template }}\n',
    'charts/stack/charts/agent/Chart.yaml': 'apiVersion: v2\nname: agent\nversion: 0.1.0\n',
    'charts/stack/charts/agent/templates/agent.yaml': 'kind: Deployment\nspec: {{ .Values.deployment.spec.template }}\n',
  });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('a switch nested in a subchart that is off, beside siblings that refuse to render', () => {
  it("lists the nested subchart's image with both switches", async () => {
    const r = await runCli(['images', chart(), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { optional: { ref: string; toggles: string[] }[] };
    const toggles = Object.fromEntries(out.optional.map((i) => [i.ref, i.toggles]));
    expect(toggles['docker.io/acme/store:9.1']).toEqual(['stack.enabled=true']);
    expect(toggles['docker.io/acme/ui:9.1']).toEqual(['stack.enabled=true,stack.ui.enabled=true']);
  });

  it('real Helm runs it with those settings', async () => {
    const { helm } = await realHelm(4);
    const { stdout } = await execa(helm, ['template', 'rel', chart(), '--set', 'stack.enabled=true,stack.ui.enabled=true']);
    expect(podSpecImages(stdout)).toContain('acme/ui:9.1');
  });
});
