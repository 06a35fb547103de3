// Issue 49 item 7: images `values` cannot move by an image value. A whole flag kept as one value
// (`agentFlag: --agent-image=REF`, an `extraArgs` entry, `-x REF`) is moved by that values key,
// written with only the reference replaced by the target (proven by a re-render, as every key the
// override sets); a literal in a custom resource is refused honestly (exit 3) with postrender named.
import { execa } from 'execa';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../discover/run-cli.js';
import { writeFiles } from '../support/files.js';
import { realHelm } from '../support/tools.js';

const TARGET = 'mirror.local:5000/m';
let dir: string;
let chart: string;
let only: string;

/** A Pod whose operator takes `extraArgs` whole and each of `flags` (values keys) as one arg; `more` after it. */
function flagsChart(name: string, values: string[], flags: string[], more = ''): Promise<void> {
  const args = flags.map((k) => `    - {{ .Values.${k} | quote }}\n`).join('');
  return writeFiles(join(dir, name), {
    'Chart.yaml': `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`,
    'values.yaml': ['image: {repository: quay.io/acme/op, tag: "1.0"}', ...values, ''].join('\n'),
    'templates/all.yaml': `apiVersion: v1
kind: Pod
metadata: {name: operator}
spec:
  containers:
  - name: operator
    image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
    args:
    {{- toYaml .Values.extraArgs | nindent 4 }}
${args}${more}`,
  });
}

const PROSE = ['# the same flag in prose no template reads: not written', 'notes: "the agent runs with --agent-image=quay.io/acme/agent:3.0"'];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airgap-held-values-'));
  chart = join(dir, 'flags');
  const list = ['extraArgs:', '  - --sidecar-image=quay.io/acme/sidecar:2.0', '  - --verbose'];
  const agent = 'agentFlag: "--agent-image=quay.io/acme/agent:3.0"';
  await flagsChart(
    'flags',
    [...list, agent, ...PROSE],
    ['agentFlag'],
    '---\napiVersion: acme.io/v1\nkind: Engine\nmetadata: {name: e}\nspec:\n  runner:\n    image: quay.io/acme/runner:4.0\n',
  );
  // only flags: every image is moved by the values, so values promises it all (exit 0)
  only = join(dir, 'onlyflags');
  const pair = 'pairFlags: "--a-image=quay.io/acme/a:1 --b-image=quay.io/acme/b:1"';
  await flagsChart('onlyflags', [...list, '  - "-x quay.io/acme/helper:5.0"', agent, pair, ...PROSE], ['agentFlag', 'pairFlags']);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('values: a values key that holds an image inside a flag', () => {
  it('writes the key with only the image replaced; a literal in a custom resource stays with postrender named', async () => {
    const out = join(dir, 'out');
    const r = await runCli(['values', chart, '--registry', TARGET, '-o', out], { HOME: dir, HELM_AIRGAP_CACHE: join(dir, 'cache') });
    expect(r.exitCode, r.stdout + r.stderr).toBe(3);
    expect(r.stdout).toContain(`moved: quay.io/acme/agent:3.0 -> ${TARGET}/quay.io/acme/agent:3.0`);
    expect(r.stdout).toContain(`moved: quay.io/acme/sidecar:2.0 -> ${TARGET}/quay.io/acme/sidecar:2.0`);
    const line = (ref: string) => r.stdout.split('\n').find((l) => l.includes(`NOT moved: ${ref}:`)) ?? '';
    expect(line('quay.io/acme/runner:4.0')).toMatch(
      /hard-coded \(no values path\): postrender moves it at install in flags\/templates\/all\.yaml Engine\/e spec\.runner\.image/,
    );
    expect(line('quay.io/acme/runner:4.0')).not.toContain('set ');
    // exit 3 leaves no file -f values/*.yaml takes: the override is kept as rejected, for a look
    const v = parse(await readFile(join(out, 'flags.values.yaml.rejected'), 'utf8')) as Record<string, unknown>;
    expect(v.agentFlag).toBe(`--agent-image=${TARGET}/quay.io/acme/agent:3.0`);
    expect(v.extraArgs).toEqual([`--sidecar-image=${TARGET}/quay.io/acme/sidecar:2.0`, '--verbose']);
    expect(v).not.toHaveProperty('notes');
  });

  it('exit 0 when the flags were all: real Helm renders every image at the target with the file written', async () => {
    const out = join(dir, 'out2');
    const r = await runCli(['values', only, '--registry', TARGET, '-o', out], { HOME: dir, HELM_AIRGAP_CACHE: join(dir, 'cache') });
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    const file = join(out, 'onlyflags.values.yaml');
    const v = parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    // the list is given whole (Helm replaces it), every other entry as it was
    expect(v.extraArgs).toEqual([`--sidecar-image=${TARGET}/quay.io/acme/sidecar:2.0`, '--verbose', `-x ${TARGET}/quay.io/acme/helper:5.0`]);
    expect(v).not.toHaveProperty('notes');
    const { helm } = await realHelm(4);
    const rendered = (await execa(helm, ['template', 'onlyflags', only, '-f', file])).stdout;
    expect(rendered).toContain(`- "--agent-image=${TARGET}/quay.io/acme/agent:3.0"`);
    expect(rendered).toContain(`- --sidecar-image=${TARGET}/quay.io/acme/sidecar:2.0`);
    expect(rendered).toContain(`- -x ${TARGET}/quay.io/acme/helper:5.0`);
    expect(rendered).toContain('- --verbose');
    expect(v.pairFlags).toBe(`--a-image=${TARGET}/quay.io/acme/a:1 --b-image=${TARGET}/quay.io/acme/b:1`);
    expect(rendered.replaceAll(`${TARGET}/quay.io/`, '')).not.toContain('quay.io/');
  });
});

describe('images: a values key that holds an image inside a flag', () => {
  it('does not call the image hard-coded (values moves it through that key); a literal in a custom resource still is', async () => {
    const r = await runCli(['images', chart, '-o', 'json'], { HOME: dir, HELM_AIRGAP_CACHE: join(dir, 'cache') });
    expect(r.exitCode, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { images: { ref: string; hardcoded?: boolean }[]; hardcoded: string[] };
    expect(report.hardcoded).toEqual(['quay.io/acme/runner:4.0']);
    for (const ref of ['quay.io/acme/agent:3.0', 'quay.io/acme/sidecar:2.0']) expect(report.images.find((e) => e.ref === ref)?.hardcoded, ref).toBeUndefined();
  });
});
