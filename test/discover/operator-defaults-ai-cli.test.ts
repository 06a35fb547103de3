// An MCP-server controller (kmcp) run at `:latest`, as its chart does when no release has set the
// appVersion: each MCPServer the user applies gets a compiled-in transport adapter as its init
// container, and a `uvx`/`npx` server with no image of its own a compiled-in runtime image. None is
// named by the render; `images` lists them from the operator defaults table as the newest release
// read (their readings agree over its range), with a warning that says the tag moves.
import { describe, expect, it } from 'vitest';
import { customResource, deployment, deploymentWithEnv, templateChart } from './template-chart.js';
import { runCli } from './run-cli.js';

const KMCP = 'ghcr.io/kagent-dev/kmcp/controller';
const ADAPTER = 'ghcr.io/agentgateway/agentgateway:0.9.0-musl';
const UV = 'ghcr.io/astral-sh/uv:debian';
const NODE = 'docker.io/library/node:24-alpine3.21';

interface Report {
  images: { ref: string; need: string; sites: { site: string; builtin?: { operator: string; at: string } }[] }[];
  warnings: { operator: string; version?: string; message: string }[];
}

async function report(chart: string): Promise<Report> {
  const r = await runCli(['images', chart, '-o', 'json']);
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

const mcpServer = (deploymentSpec: string) =>
  customResource('MCPServer', `  deployment:\n${deploymentSpec}`).replace(/^apiVersion: .*$/m, 'apiVersion: kagent.dev/v1alpha1');

describe('kmcp at :latest: the defaults of the newest release read, said to stand in', () => {
  const latest = templateChart({ 'op.yaml': deployment('kmcp', `${KMCP}:latest`) });
  const ownImages = templateChart({
    'op.yaml': deployment('kmcp', `${KMCP}:v0.3.0`),
    'server.yaml': mcpServer('    image: ghcr.io/acme/tools:1.0\n    initContainer:\n      image: ghcr.io/acme/adapter:2.0\n'),
  });

  it('lists the transport adapter and the uvx/npx runtime images as runtime, from the translator, with a warning', async () => {
    const r = await report(latest());
    for (const ref of [ADAPTER, UV, NODE]) expect(r.images.find((i) => i.ref === ref)?.need, ref).toBe('runtime');
    const adapter = r.images.find((i) => i.ref === ADAPTER)!;
    expect(adapter.sites[0]).toMatchObject({
      site: 'builtin',
      builtin: { operator: 'kmcp', at: 'pkg/controller/transportadapter/transportadapter_translator.go:677' },
    });
    expect(r.warnings.map((w) => [w.operator, w.version])).toEqual([['kmcp', 'latest']]);
  });

  it('pulls none of them for servers that name their own images', async () => {
    const r = await report(ownImages());
    expect(r.images.map((i) => i.ref).filter((ref) => [ADAPTER, UV, NODE].includes(ref))).toEqual([]);
    expect(r.warnings).toEqual([]);
  });
});

// Onyx's code interpreter (holdout YY) starts a pod per execution at a compiled-in image its chart
// passes as an env var left empty (`KUBERNETES_EXECUTOR_IMAGE: ""`), which the program reads with
// `or`: empty, the default runs. Before, the empty variable counted as an override and the chart
// only got a "may start pods" warning.
describe('a compiled-in image behind an env var the chart leaves empty', () => {
  const INTERPRETER = 'docker.io/onyxdotapp/code-interpreter:latest';
  const EXECUTOR = 'docker.io/onyxdotapp/python-executor-sci:latest';
  const empty = templateChart({ 'op.yaml': deploymentWithEnv(INTERPRETER, { KUBERNETES_EXECUTOR_IMAGE: '""' }) });
  const named = templateChart({ 'op.yaml': deploymentWithEnv(INTERPRETER, { KUBERNETES_EXECUTOR_IMAGE: 'acme/executor:1.0' }) });

  it('lists the default while the variable is empty', async () => {
    const r = await report(empty());
    const exec = r.images.find((i) => i.ref === EXECUTOR);
    expect(exec?.need).toBe('runtime');
    expect(exec?.sites[0]?.builtin).toMatchObject({ operator: 'Onyx code interpreter', at: 'code-interpreter/app/app_configs.py:23' });
  });

  it('lists the image the variable names instead, once set', async () => {
    const r = await report(named());
    expect(r.images.map((i) => i.ref)).not.toContain(EXECUTOR);
    expect(r.images.find((i) => i.ref === 'docker.io/acme/executor:1.0')?.need).toBe('runtime');
  });
});

// LLMOS's operator (holdout VV) installs system add-ons embedded in it, each renamed to a mirrored
// image by the add-on's values and tagged by the chart it packages, and runs a downloader of its own
// tag when a user applies a LocalModel. Its chart deploys `main-head`, a branch build: before, it
// got only a "may start pods of its own" warning and none of the four was named.
describe('an operator at a branch tag whose embedded add-ons pull fixed images', () => {
  const OP = 'ghcr.io/llmos-ai/llmos-operator';
  const ADDONS = [
    'ghcr.io/llmos-ai/mirrored-kuberay-operator:v1.3.0',
    'ghcr.io/llmos-ai/mirrored-rook-ceph:v1.17.2',
    'ghcr.io/llmos-ai/mirrored-bitnami-redis:7.4.1-debian-12-r2',
  ];
  const chart = templateChart({ 'op.yaml': deployment('llmos', `${OP}:main-head`) });

  it('lists the add-ons as runtime, and warns of the downloader at its own tag', async () => {
    const r = await report(chart());
    for (const ref of ADDONS) expect(r.images.find((i) => i.ref === ref)?.need, ref).toBe('runtime');
    expect(r.images.map((i) => i.ref)).not.toContain('ghcr.io/llmos-ai/llmos-operator-downloader:main-head');
    expect(r.warnings.some((w) => w.message.includes('ghcr.io/llmos-ai/llmos-operator-downloader:main-head only when a user applies'))).toBe(true);
  });
});
