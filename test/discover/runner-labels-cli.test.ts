// A CI runner's labels name the image a job asking for the label runs in: Gitea's act_runner and
// Forgejo's runner write `LABEL:docker://IMAGE` (in the runner's config.yaml `runner.labels`, or
// the GITEA_RUNNER_LABELS env var as a comma list), and a GitHub Actions step `docker://IMAGE`.
// holdoutHH (gringolito's act-runner chart): the runner's ConfigMap listed three such labels and
// --explain had no candidate for them (the whole scalar is no reference); the runner pulls each
// image when a job asks for its label. The reference after the transport is the candidate.
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { deploymentWithEnv, templateChart } from './template-chart.js';

const CONFIG = `apiVersion: v1
kind: ConfigMap
metadata:
  name: runner-config
data:
  config.yaml: |
    log:
      level: info
    runner:
      labels:
        - ubuntu-latest:docker://docker.gitea.com/runner-images:ubuntu-latest
        - node-20:docker://node:20-bookworm
        - self-hosted:host
    container:
      docker_host: tcp://localhost:2376
`;

interface Report {
  images: { ref: string; need: string }[];
  explain?: { unaccounted: unknown[] };
}

async function images(chart: string): Promise<string[]> {
  const r = await runCli(['images', chart, '-o', 'json']);
  expect(r.exitCode, r.stderr).toBe(0);
  return (JSON.parse(r.stdout) as Report).images.map((i) => `${i.ref} ${i.need}`).sort();
}

describe('runner labels LABEL:docker://IMAGE', () => {
  const runner = deploymentWithEnv('docker.io/gitea/act_runner:0.2.11', {
    GITEA_RUNNER_LABELS: 'ubuntu-22.04:docker://docker.gitea.com/runner-images:ubuntu-22.04,node-18:docker://node:18-bullseye,linux:host',
    DOCKER_HOST: 'tcp://localhost:2376',
  });
  const chart = templateChart({ 'runner.yaml': runner, 'config.yaml': CONFIG }, '{}\n');

  it('name their images as run-time, from a config file and from an env list; a host label and a URL are none', async () => {
    expect(await images(chart())).toEqual([
      'docker.gitea.com/runner-images:ubuntu-22.04 runtime',
      'docker.gitea.com/runner-images:ubuntu-latest runtime',
      'docker.io/gitea/act_runner:0.2.11 default',
      'docker.io/library/node:18-bullseye runtime',
      'docker.io/library/node:20-bookworm runtime',
    ]);
  });
});
