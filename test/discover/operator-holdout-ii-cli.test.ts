// Operators of holdout II, read from source after the holdout was measured, whose
// run-time images no render names:
// - Vegard IT's gitea-act-runner image (Gitea's act_runner with its own start script): it renders
//   its own config from GITEA_RUNNER_LABELS, else four compiled-in labels of catthehacker's images
//   (image/Dockerfile GITEA_RUNNER_LABELS_DEFAULT), and never reads a config file a chart mounts;
// - Lagoon's remote-controller: every build pod runs the --override-builddeploy-image default
//   unless OVERRIDE_BUILD_DEPLOY_DIND_IMAGE names another;
// - the OpenBao operator: each cluster's init container, backup and upgrade Jobs run helper images
//   whose repository is compiled in (OPERATOR_*_IMAGE_REPOSITORY replaces it) and whose tag is the
//   OPERATOR_VERSION the chart sets.
import { describe, expect, it } from 'vitest';
import { postrenderManifests } from '../../src/overrides/postrender.js';
import { runCli } from './run-cli.js';
import { listImages, templateChart, valuesThenImages, type ListedImages } from './template-chart.js';

const deployment = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: op\nspec:\n  template:\n    spec:\n      containers:\n      - name: op\n        image: {{ .Values.image }}\n        {{- with .Values.env }}\n        env:\n        {{- toYaml . | nindent 8 }}\n        {{- end }}\n`;
const config = `{{ with .Values.config }}apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: runner-config\ndata:\n  config.yaml: |\n    {{- . | nindent 4 }}\n{{ end }}`;
const chart = templateChart({ 'op.yaml': deployment, 'config.yaml': config }, 'image: x\nenv: null\nconfig: null\n');

const report = (image: string, ...set: string[]) => listImages(chart(), ['--set', `image=${image}`, ...set.flatMap((s) => ['--set', s])]);
const runtime = (r: ListedImages) => r.images.flatMap((i) => (i.need === 'runtime' ? [i.ref] : [])).sort();

describe('holdout II: a runner image with a start script of its own', () => {
  const LABELS = ['act-20.04', 'act-22.04', 'act-24.04', 'act-latest'].map((t) => `ghcr.io/catthehacker/ubuntu:${t}`);

  it("vegardit/gitea-act-runner 0.2.13: its default labels' images, plain and dind builds", async () => {
    for (const tag of ['0.2.13', 'dind-0.2.13', 'dind-rootless-0.2.13']) expect(runtime(await report(`vegardit/gitea-act-runner:${tag}`))).toEqual(LABELS);
  });

  it('still with a config file naming labels mounted: the image never reads it', async () => {
    const file = await report('vegardit/gitea-act-runner:dind-0.2.13', 'config=runner:\n  labels:\n    - linux:docker://node:22');
    expect(runtime(file)).toEqual(expect.arrayContaining(LABELS));
  });
});

describe('holdout II: build and helper images composed by controllers', () => {
  it("Lagoon's remote-controller v1.0.1: the build-deploy image, unless OVERRIDE_BUILD_DEPLOY_DIND_IMAGE names one", async () => {
    expect(runtime(await report('uselagoon/remote-controller:v1.0.1'))).toEqual(['docker.io/uselagoon/build-deploy-image:latest']);
    const named = await report(
      'uselagoon/remote-controller:v1.0.1',
      'env[0].name=OVERRIDE_BUILD_DEPLOY_DIND_IMAGE',
      'env[0].value=mirror.example/lagoon/build:1',
    );
    expect(runtime(named)).toEqual(['mirror.example/lagoon/build:1']);
  });

  it('the OpenBao operator: init, backup and upgrade helpers at OPERATOR_VERSION; a repository env moves one', async () => {
    const version = ['env[0].name=OPERATOR_VERSION', 'env[0].value=0.0.0'];
    const helpers = ['backup', 'init', 'upgrade'].map((h) => `ghcr.io/dc-tec/openbao-${h}:0.0.0`);
    expect(runtime(await report('ghcr.io/dc-tec/openbao-operator:0.0.0', ...version))).toEqual(helpers);
    const moved = await report(
      'ghcr.io/dc-tec/openbao-operator:0.0.0',
      ...version,
      'env[1].name=OPERATOR_BACKUP_IMAGE_REPOSITORY',
      'env[1].value=mirror.example/openbao-backup',
    );
    // the backup default is no longer listed: the env var's repository is the operator's now
    expect(runtime(moved)).toEqual(['ghcr.io/dc-tec/openbao-init:0.0.0', 'ghcr.io/dc-tec/openbao-upgrade:0.0.0']);
  });
});

// OpenBao's chart renders a ValidatingAdmissionPolicy (admissionPolicies.enabled, on by default)
// that rejects an OpenBaoCluster without spec.initContainer.image: the operator's init default is
// pulled only where that policy is switched off, which the optional search then finds.
describe("holdout II: a default the chart's own admission policy rules out", () => {
  const op = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: op\nspec:\n  template:\n    spec:\n      containers:\n      - name: op\n        image: ghcr.io/dc-tec/openbao-operator:0.0.0\n        env:\n        - name: OPERATOR_VERSION\n          value: "0.0.0"\n`;
  const policy = `{{- if .Values.admissionPolicies.enabled }}\napiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata:\n  name: {{ .Release.Name }}-validate-openbaocluster\nspec:\n  validations:\n  - expression: has(object.spec.initContainer) && object.spec.initContainer.image != ""\n{{- end }}\n`;
  const guarded = templateChart({ 'op.yaml': op, 'policy.yaml': policy }, 'admissionPolicies:\n  enabled: true\n');
  const INIT = 'ghcr.io/dc-tec/openbao-init:0.0.0';

  it('optional while the policy is rendered, named with it; needed without it', async () => {
    const out = await listImages(guarded(), ['--optional']);
    expect(runtime(out)).not.toContain(INIT);
    expect(JSON.stringify(out.optional?.find((o) => o.ref === INIT))).toContain('validate-openbaocluster');
    expect(runtime(await listImages(guarded(), ['--set', 'admissionPolicies.enabled=false']))).toContain(INIT);
  });
});

// A runner's job images are pulled by the Docker daemon the runner runs its jobs on (inside the
// runner's pod for its dind builds), not by the node's container runtime: a registry mirror on the
// nodes does not reach them, so the words never send the user there.
describe("holdout II: who pulls a runner's job images", () => {
  it("values and postrender name the runner's Docker daemon, not the nodes' runtime", async () => {
    const c = chart();
    const v = await valuesThenImages(c, ['--set', 'image=vegardit/gitea-act-runner:dind-0.2.13']);
    expect(v.exitCode).toBe(3);
    expect(v.stderr).toContain('Docker daemon');
    expect(v.stderr).not.toContain("make the nodes' container runtime pull ghcr.io");
    const t = await runCli(['template', c, '--set', 'image=vegardit/gitea-act-runner:dind-0.2.13']);
    const r = postrenderManifests(t.stdout, { target: { registry: 'mirror.local:5000', prefix: 'm' } });
    expect(r.warnings.join('\n')).toContain('Docker daemon');
  });
});
