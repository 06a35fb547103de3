// One registry value with two consumers: a pod-spec image the template joins as
// `{{ registry }}/{{ repository }}:{{ tag }}`, and an env var of the same container that hands the
// value alone to an operator, which joins it with a repository env var of its own (agentgateway's
// AGW_PROXY_IMAGE_REGISTRY / _REPOSITORY). Split part by part (the target host in the registry, the
// path in the repository), the env var got the bare host: the operator would pull HOST/REPO, a path
// nothing pushed, and a `host:port` target read alone looked like an image to the re-render check
// (exit 1). The registry value must carry the whole target prefix, the repositories left as written.
// The value is found read alone before any override is written, by its env var's name in the marker
// render; the re-render's retry stays for a consumer no name gives away.
import { execa } from 'execa';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runCli } from '../bundle/run-cli.js';
import { deploymentHead } from '../discover/template-chart.js';
import { writeFiles } from '../support/files.js';
import { podSpecImages } from '../support/pod-images.js';
import { realHelm } from '../support/tools.js';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-registry-alone-'));
});
afterAll(() => rm(work, { recursive: true, force: true }));

const deployment = (env: string) => `${deploymentHead()}      - name: controller
        image: "{{ .Values.controller.image.registry | default .Values.image.registry }}/{{ .Values.controller.image.repository }}:{{ .Values.image.tag }}"
        env:
          {{- with (.Values.proxy.image.registry | default .Values.image.registry) }}
          - name: ${env}
            value: {{ . }}
          {{- end }}
          {{- with .Values.proxy.image.repository }}
          - name: PROXY_IMAGE_REPOSITORY
            value: {{ . }}
          {{- end }}
`;

const values = (proxyRepository: string) => `image: {registry: cr.example.dev, tag: "1.4.0"}
controller:
  image: {registry: "", repository: controller}
proxy:
  image: {registry: "", repository: "${proxyRepository}"}
`;

function envOf(rendered: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of parseAllDocuments(rendered)) {
    const doc = d.toJS() as { spec?: { template?: { spec?: { containers?: { env?: { name: string; value: string }[] }[] } } } } | null;
    for (const e of doc?.spec?.template?.spec?.containers?.[0]?.env ?? []) out[e.name] = e.value;
  }
  return out;
}

describe('values: a registry value a pod image joins and an env var hands on alone', () => {
  // with PROXY_IMAGE_REPOSITORY, discovery joins the pair (a run-time image the writer moves too);
  // without it (the operator's compiled-in repository), only a host:port target read alone shows the consumer
  it.each([
    ['mirror.local:5000/m', 'gateway', 'PROXY_IMAGE_REGISTRY'],
    ['123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror', 'gateway', 'PROXY_IMAGE_REGISTRY'],
    ['mirror.local:5000/m', '', 'PROXY_IMAGE_REGISTRY'],
    // a target host without a port read alone is no image-shaped string: the re-render cannot show
    // the consumer, only the registry value's name in the first render can (registry-settings.ts)
    ['mirror.example.com/m', '', 'PROXY_IMAGE_REGISTRY'],
    // a name that gives nothing away: only the re-render's check shows the consumer (its retry)
    ['mirror.local:5000/m', '', 'PROXY_IMAGE_HOST'],
  ])(
    'target %s, repository env var "%s", registry env var %s: proven; real Helm renders the image at the target, the env vars name the target path',
    async (target, repository, env) => {
      const dir = join(work, `op-${target.length}-${repository}-${env}`);
      await writeFiles(dir, {
        'Chart.yaml': 'apiVersion: v2\nname: op\nversion: 0.1.0\n',
        'values.yaml': values(repository),
        'templates/deployment.yaml': deployment(env),
      });
      const out = join(work, `out-${target.length}-${repository}-${env}`);
      const r = await runCli(['values', dir, '--registry', target, '-o', out]);
      expect(r.exitCode, r.stdout + r.stderr).toBe(0);
      expect(await readdir(out)).toEqual(['op.values.yaml']);
      const { helm } = await realHelm(4);
      const rendered = (await execa(helm, ['template', 'op', dir, '-f', join(out, 'op.values.yaml')])).stdout;
      expect(podSpecImages(rendered)).toEqual([`${target}/cr.example.dev/controller:1.4.0`]);
      const vars = envOf(rendered);
      if (repository === '') expect(vars[env]).toBe(`${target}/cr.example.dev`);
      else expect(`${vars[env]}/${vars.PROXY_IMAGE_REPOSITORY}`).toBe(`${target}/cr.example.dev/gateway`);
    },
  );
});
