// A repository an operator tags itself per resource a user applies (SUSE Edge's upgrade-controller:
// RELEASE_MANIFEST_IMAGE, tagged with each UpgradePlan's release version). The render
// spells it untagged, so it read as REPOSITORY:latest, a needed image nobody pulls (a false
// positive a bundle would copy). The operator defaults table names such env vars (taggedEnv):
// `images` lists the site as doubtful beside the operator's warning, and `values` still moves the
// repository, where the operator then pulls each tag.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { deploymentHead, templateChart } from './template-chart.js';
import { runCli } from './run-cli.js';

const REPO = 'registry.opensuse.org/isv/suse/edge/lifecycle/containerfile';
const TARGET = 'mirror.local:5000/m';

const chart = templateChart(
  {
    'op.yaml': `${deploymentHead('upgrade-controller')}      - name: manager
        image: {{ .Values.image.repository }}:{{ .Values.image.tag }}
        env:
        - name: RELEASE_MANIFEST_IMAGE
          value: {{ .Values.env.releaseManifest.image }}
        - name: KUBECTL_IMAGE
          value: {{ .Values.env.kubectl.image }}:{{ .Values.env.kubectl.version }}
`,
  },
  `image: {repository: ${REPO}/upgrade-controller, tag: "0.1.0"}\nenv:\n  releaseManifest: {image: ${REPO}/release-manifest}\n  kubectl: {image: ${REPO}/kubectl, version: "1.30.3"}\n`,
);

describe('a repository the operator tags itself per resource, given in an env var of its container', () => {
  it('images lists it as doubtful, not needed, and the operator is warned of', async () => {
    const r = await runCli(['images', chart(), '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as { images: { ref: string }[]; doubtful: { ref: string }[]; warnings: { operator: string }[] };
    expect(j.images.map((i) => i.ref).sort()).toEqual([`${REPO}/kubectl:1.30.3`, `${REPO}/upgrade-controller:0.1.0`]);
    expect(j.doubtful.map((i) => i.ref)).toEqual([`${REPO}/release-manifest:latest`]);
    expect(j.warnings.map((w) => w.operator)).toEqual(["SUSE Edge's upgrade-controller"]);
  });

  it('values moves the repository all the same', async () => {
    const out = await mkdtemp(join(tmpdir(), 'airgap-tagged-env-'));
    try {
      const r = await runCli(['values', chart(), '--registry', TARGET, '-o', out]);
      expect(r.exitCode, r.stdout + r.stderr).toBe(0);
      const v = parse(await readFile(join(out, 'op.values.yaml'), 'utf8')) as { env: { releaseManifest: { image: string } } };
      expect(v.env.releaseManifest.image).toBe(`${TARGET}/${REPO}/release-manifest`);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
