// Images an operator pulls for a custom resource the user applies after the chart (N
// and M holdouts): the chart renders none, so only the operator's compiled-in default names the
// image. k8sgpt-operator (a CRD default repository plus `latest`), perses-operator (a flag's
// default), Intel's device-plugin operator (a webhook's default per resource kind) are listed from
// the operator defaults table; FoundationDB's (a Docker Hub base and the cluster's own version,
// which no operator setting redirects) is listed per rendered cluster and warned of otherwise.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deploymentHead, templateChart } from './template-chart.js';
import { runCli } from './run-cli.js';

interface Report {
  images: { ref: string; need: string; sites: { site: string; builtin?: { operator: string; at: string; overrideFlag?: string } }[] }[];
  warnings: { operator: string; message: string; next: string }[];
}

async function report(chart: string): Promise<Report> {
  const r = await runCli(['images', chart, '-o', 'json']);
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

const need = (r: Report, ref: string) => r.images.find((e) => e.ref === ref)?.need;

/** A Deployment running `image` with these args. */
const operator = (image: string, args: string[] = []) =>
  `${deploymentHead('manager')}      - name: manager\n        image: ${image}\n${args.length ? `        args:\n${args.map((a) => `        - ${a}\n`).join('')}` : ''}`;

describe('a flag whose default names the operand image (perses-operator)', () => {
  const plain = templateChart({ 'op.yaml': operator('docker.io/persesdev/perses-operator:v0.5.0', ['--leader-elect']) });
  const flagged = templateChart({
    'op.yaml': operator('docker.io/persesdev/perses-operator:v0.5.0', ['--leader-elect', '--perses-default-base-image=registry.example.com/perses:v0.54.0']),
  });

  it('lists the default as runtime, naming the flag that overrides it', async () => {
    const r = await report(plain());
    expect(need(r, 'docker.io/persesdev/perses:v0.54.0')).toBe('runtime');
    const b = r.images.find((e) => e.ref === 'docker.io/persesdev/perses:v0.54.0')!.sites[0]!.builtin!;
    expect(b).toMatchObject({ operator: 'Perses Operator', at: 'internal/operator/defaults.go:22', overrideFlag: '--perses-default-base-image' });
  });

  it('the flag passed: its image is the one pulled, the default is not', async () => {
    const r = await report(flagged());
    expect(need(r, 'docker.io/persesdev/perses:v0.54.0')).toBeUndefined();
    expect(need(r, 'registry.example.com/perses:v0.54.0')).toBeDefined();
  });
});

describe('a default per resource kind, filled by an admission webhook (Intel device plugins)', () => {
  const OP = operator('docker.io/intel/intel-deviceplugin-operator:0.36.0');
  const KINDS = ['dlb', 'dsa', 'fpga', 'gpu', 'iaa', 'npu', 'qat', 'sgx'];
  const gpu = (image: string) =>
    `apiVersion: deviceplugin.intel.com/v1\nkind: GpuDevicePlugin\nmetadata:\n  name: gpu\nspec:\n  sharedDevNum: 1\n${image ? `  image: ${image}\n` : ''}`;
  const none = templateChart({ 'op.yaml': OP });
  const ownGpu = templateChart({ 'op.yaml': OP, 'gpu.yaml': gpu('registry.example.com/intel-gpu-plugin:0.36.0') });
  const plainGpu = templateChart({ 'op.yaml': OP, 'gpu.yaml': gpu('') });

  it('none rendered (the user makes those the hardware needs): every kind’s default is listed', async () => {
    const r = await report(none());
    for (const k of KINDS) expect(need(r, `docker.io/intel/intel-${k}-plugin:0.36.0`), k).toBe('runtime');
    expect(r.warnings).toEqual([]);
  });

  it('a rendered resource naming its image drops the default of its own kind only', async () => {
    const r = await report(ownGpu());
    expect(need(r, 'docker.io/intel/intel-gpu-plugin:0.36.0')).toBeUndefined();
    for (const k of KINDS.filter((x) => x !== 'gpu')) expect(need(r, `docker.io/intel/intel-${k}-plugin:0.36.0`), k).toBe('runtime');
    expect(need(await report(plainGpu()), 'docker.io/intel/intel-gpu-plugin:0.36.0')).toBe('runtime');
  });
});

describe('a CRD default repository with no tag, completed by the operator (k8sgpt-operator)', () => {
  const chart = templateChart({ 'op.yaml': operator('ghcr.io/k8sgpt-ai/k8sgpt-operator:v0.2.27') });

  it("lists the repository at the operator's compiled-in tag", async () => {
    expect(need(await report(chart()), 'ghcr.io/k8sgpt-ai/k8sgpt:latest')).toBe('runtime');
  });
});

describe("an operand image made of a compiled-in base and the resource's own version (FoundationDB)", () => {
  const OP = operator('docker.io/foundationdb/fdb-kubernetes-operator:v2.33.0');
  const cluster = (configs: string) =>
    `apiVersion: apps.foundationdb.org/v1beta2\nkind: FoundationDBCluster\nmetadata:\n  name: db\nspec:\n  version: 7.3.63\n${configs}`;
  const none = templateChart({ 'op.yaml': OP });
  const plain = templateChart({ 'op.yaml': OP, 'db.yaml': cluster('') });
  const own = templateChart({ 'op.yaml': OP, 'db.yaml': cluster('  mainContainer:\n    imageConfigs:\n    - baseImage: registry.example.com/fdb\n') });
  const valued = templateChart(
    { 'op.yaml': OP, 'db.yaml': cluster('  mainContainer:\n    imageConfigs:\n    - baseImage: {{ .Values.fdb.baseImage }}\n') },
    'fdb:\n  baseImage: quay.io/acme/fdb-kubernetes-monitor\n',
  );

  it("a rendered cluster: the base at the cluster's version is listed, with no warning", async () => {
    const r = await report(plain());
    expect(need(r, 'docker.io/foundationdb/fdb-kubernetes-monitor:7.3.63')).toBe('runtime');
    expect(r.warnings).toEqual([]);
  });

  it('none rendered: a warning names the image, that no setting of the operator redirects it, and the field that does', async () => {
    const r = await report(none());
    expect(r.images.map((i) => i.ref)).toEqual(['docker.io/foundationdb/fdb-kubernetes-operator:v2.33.0']);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]!.operator).toBe('FoundationDB Operator');
    expect(r.warnings[0]!.message).toContain('docker.io/foundationdb/fdb-kubernetes-monitor:VERSION');
    expect(r.warnings[0]!.message).toContain('spec.mainContainer.imageConfigs');
  });

  it("a cluster naming its own base image: that base at the cluster's version is listed (the operator tags it so), not the default; no warning", async () => {
    const r = await report(own());
    expect(r.images.map((i) => i.ref)).toEqual(['docker.io/foundationdb/fdb-kubernetes-operator:v2.33.0', 'registry.example.com/fdb:7.3.63']);
    expect(need(r, 'registry.example.com/fdb:7.3.63')).toBe('runtime');
    expect(r.warnings).toEqual([]);
  });

  it('a base image the chart takes from a value (simplyblock): values moves it under the target, the version left to the cluster', async () => {
    const chart = valued();
    const out = await mkdtemp(join(tmpdir(), 'fdb-values-'));
    // exit 3: the test's operator image is hard-coded (postrender's); the cluster's base is not
    const r = await runCli(['values', chart, '--registry', 'registry.internal/mirror', '-o', out]);
    expect(r.exitCode, r.stderr).toBe(3);
    expect(r.stderr).not.toContain('fdb-kubernetes-monitor');
    // exit 3 keeps the file as rejected, for a look
    const written = await readFile(join(out, 'op.values.yaml.rejected'), 'utf8');
    expect(written).toContain('baseImage: registry.internal/mirror/quay.io/acme/fdb-kubernetes-monitor');
  });
});

describe('an image-build controller at :latest whose buildkitd image is compiled in per BuildKitPool (unseen Y, smrt-devops)', () => {
  const OP = operator('ghcr.io/smrt-devops/buildkit-controller/controller:latest');
  const pool = `apiVersion: buildkit.smrt-devops.net/v1alpha1\nkind: BuildKitPool\nmetadata:\n  name: p\nspec:\n  replicas: 1\n`;
  const none = templateChart({ 'op.yaml': OP });
  const withPool = templateChart({ 'op.yaml': OP, 'pool.yaml': pool });

  it('pool or not, :latest names no release: the default is warned of with the field that moves it, never listed as a guess', async () => {
    for (const r of [await report(none()), await report(withPool())]) {
      expect(need(r, 'docker.io/moby/buildkit:master-rootless')).toBeUndefined();
      expect(r.warnings.find((w) => w.operator === 'BuildKit controller (smrt-devops)')?.message).toMatch(
        /moby\/buildkit:master-rootless .*spec\.buildkitImage/,
      );
    }
  });
});

describe("a script-pod image tagged by the cluster's Kubernetes version at run time (unseen Y, Octopus' Kubernetes agent)", () => {
  const agent = templateChart({ 'op.yaml': operator('docker.io/octopusdeploy/kubernetes-agent-tentacle:9.2.4285') });

  it('no render knows the tag: warned of with the setting that names the image instead, never listed as a guess', async () => {
    const r = await report(agent());
    expect(r.images.filter((i) => i.ref.includes('kubernetes-agent-tools-base'))).toEqual([]);
    expect(r.warnings.find((w) => w.operator === "Octopus Deploy's Kubernetes agent")?.message).toMatch(
      /kubernetes-agent-tools-base:TAG .*OCTOPUS__K8STENTACLE__SCRIPTPODIMAGE/,
    );
  });
});
