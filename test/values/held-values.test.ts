// Issue 49 item 7: images `values` cannot move by an image value, refused honestly (exit 3), each
// with the route that fixes it. A whole flag kept as one value (`agentFlag: --agent-image=REF`, an
// `extraArgs` entry) is fixed by that values key, set to the flag with the target in it (proven by
// a re-render before it is advised); a literal in a custom resource only by postrender.
import { execa } from 'execa';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../discover/run-cli.js';
import { writeFiles } from '../support/files.js';
import { realHelm } from '../support/tools.js';

const TARGET = 'mirror.local:5000/m';
let dir: string;
let chart: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airgap-held-values-'));
  chart = join(dir, 'flags');
  await writeFiles(chart, {
    'Chart.yaml': 'apiVersion: v2\nname: flags\nversion: 0.1.0\n',
    'values.yaml': [
      'image: {repository: quay.io/acme/op, tag: "1.0"}',
      'extraArgs:',
      '  - --sidecar-image=quay.io/acme/sidecar:2.0',
      '  - --verbose',
      'agentFlag: "--agent-image=quay.io/acme/agent:3.0"',
      '# the same flag in prose no template reads: not advised',
      'notes: "the agent runs with --agent-image=quay.io/acme/agent:3.0"',
      '',
    ].join('\n'),
    'templates/all.yaml': `apiVersion: v1
kind: Pod
metadata: {name: operator}
spec:
  containers:
  - name: operator
    image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
    args:
    {{- toYaml .Values.extraArgs | nindent 4 }}
    - {{ .Values.agentFlag | quote }}
---
apiVersion: acme.io/v1
kind: Engine
metadata: {name: e}
spec:
  runner:
    image: quay.io/acme/runner:4.0
`,
  });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('values: which route fixes each image it cannot move', () => {
  it('names the values key (and what to set it to) for a flag kept whole, postrender for a literal', async () => {
    const r = await runCli(['values', chart, '--registry', TARGET, '-o', join(dir, 'out')], { HOME: dir, HELM_AIRGAP_CACHE: join(dir, 'cache') });
    expect(r.exitCode, r.stdout + r.stderr).toBe(3);
    const line = (ref: string) => r.stdout.split('\n').find((l) => l.includes(`NOT moved: ${ref}:`)) ?? '';
    expect(line('quay.io/acme/agent:3.0')).toContain(
      `values key agentFlag holds it inside a longer string: set agentFlag to "--agent-image=${TARGET}/quay.io/acme/agent:3.0"`,
    );
    expect(line('quay.io/acme/agent:3.0')).toContain('or postrender moves it at install');
    expect(line('quay.io/acme/agent:3.0')).not.toContain('notes');
    expect(line('quay.io/acme/sidecar:2.0')).toContain(
      `set extraArgs[0] to "--sidecar-image=${TARGET}/quay.io/acme/sidecar:2.0" (Helm replaces a list whole: give its other entries too)`,
    );
    expect(line('quay.io/acme/runner:4.0')).toMatch(
      /hard-coded \(no values path\): postrender moves it at install in flags\/templates\/all\.yaml Engine\/e spec\.runner\.image/,
    );
    expect(line('quay.io/acme/runner:4.0')).not.toContain('set ');
    expect(r.stderr).toMatch(/next: set each values key named to the string given/);
  });

  it('the advice holds in real Helm: with each key set as told, every flag names the target', async () => {
    const r = await runCli(['values', chart, '--registry', TARGET, '-o', join(dir, 'out2')], { HOME: dir, HELM_AIRGAP_CACHE: join(dir, 'cache') });
    const advice = [...r.stdout.matchAll(/set (\S+) to "([^"]*)"/g)].map((m) => ['--set-string', `${m[1]}=${m[2]}`]);
    expect(advice).toHaveLength(2);
    const { helm } = await realHelm(4);
    const rendered = (await execa(helm, ['template', 'flags', chart, ...advice.flat()])).stdout;
    expect(rendered).toContain(`- "--agent-image=${TARGET}/quay.io/acme/agent:3.0"`);
    expect(rendered).toContain(`- --sidecar-image=${TARGET}/quay.io/acme/sidecar:2.0`);
  });
});
