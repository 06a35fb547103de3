// Images an operator or application pulls only when a user acts (a kubectl shell opened in its
// UI, a response rule the user writes that runs an action), with no flag, env or value the chart
// could point elsewhere: nothing pulls them at install, so `images` does not list them as needed
// (and `values` has nothing to move), but names each, composed, in a warning with the action.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toImageRef } from '../../src/discover/image-ref.js';
import { templateChart } from './template-chart.js';
import { runCli } from './run-cli.js';

interface Report {
  images: { ref: string; need: string }[];
  warnings: { operator: string; version?: string; message: string; next: string }[];
}

async function report(chart: string, image?: string): Promise<Report> {
  const r = await runCli(['images', chart, ...(image ? ['--set', `image=${image}`] : []), '-o', 'json']);
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

const deployment = (image: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\nspec:\n  template:\n    spec:\n      containers:\n      - name: app\n        image: ${image}\n`;

describe('an application whose UI runs a kubectl shell of a compiled-in image (Portainer)', () => {
  const chart = templateChart({ 'app.yaml': deployment('{{ .Values.image }}') }, 'image: portainer/portainer-ce:2.23.0\n');

  it('names the shell image at its own version in a warning, not as an image to pull', async () => {
    const r = await report(chart());
    expect(r.images.map((i) => i.ref)).toEqual(['docker.io/portainer/portainer-ce:2.23.0']);
    const w = r.warnings.filter((x) => x.operator === 'Portainer');
    expect(w).toHaveLength(1);
    expect(w[0]!.message).toContain('pulls docker.io/portainer/kubectl-shell:2.23.0 only when a user opens a kubectl shell in its UI');
    expect(w[0]!.message).toContain('github.com/portainer/portainer api/portainer.go:1639');
    expect(w[0]!.next).toBe('where users do that in the isolated network, carry it: `helm airgap bundle --image docker.io/portainer/kubectl-shell:2.23.0`');
  });

  it('values has nothing to move for it and says nothing of it: exit 0, no warning', async () => {
    const out = await mkdtemp(join(tmpdir(), 'airgap-on-action-'));
    try {
      const r = await runCli(['values', chart(), '--registry', 'mirror.example:5000/m', '--out-dir', out, '-o', 'json']);
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it('a release past the readings: the same composition, said to be assumed, and nothing listed', async () => {
    const r = await report(chart(), 'portainer/portainer-ce:2.39.4');
    expect(r.images.map((i) => i.ref)).toEqual(['docker.io/portainer/portainer-ce:2.39.4']);
    const w = r.warnings.filter((x) => x.operator === 'Portainer');
    // one warning: the on-action image, not also the "listed as the newest release read" one
    expect(w).toHaveLength(1);
    expect(w[0]!.message).toContain('pulls docker.io/portainer/kubectl-shell:2.39.4 only when');
    expect(w[0]!.message).toContain('assumed for 2.39.4 as 2.23.0 has it');
  });

  it('a release before the readings (an untagged shell image then): said unread, nothing composed', async () => {
    const r = await report(chart(), 'portainer/portainer-ce:2.21.4');
    const w = r.warnings.filter((x) => x.operator === 'Portainer');
    expect(w).toHaveLength(1);
    expect(w[0]!.message).toContain('Portainer 2.21.4');
    expect(w[0]!.message).toContain('pulls images when a user acts; they were read for');
    expect(r.images.map((i) => i.ref)).toEqual(['docker.io/portainer/portainer-ce:2.21.4']);
  });
});

describe('a response engine whose actions run pods of default images for rules the user writes (Falco Talon)', () => {
  const chart = templateChart({ 'app.yaml': deployment('{{ .Values.image }}') }, 'image: falco.docker.scarf.sh/falcosecurity/falco-talon:0.3.0\n');

  it('names each action image of the version read, from the registry the chart pulls the engine from', async () => {
    const r = await report(chart());
    expect(r.images.map((i) => i.need)).toEqual(['default']);
    const w = r.warnings.filter((x) => x.operator === 'Falco Talon').map((x) => x.message);
    expect(w).toHaveLength(2);
    expect(w[0]).toContain('pulls docker.io/issif/tcpdump:latest only when a response rule runs its kubernetes:tcpdump action with no image');
    expect(w[1]).toContain('pulls docker.io/issif/sysdig:latest only when a response rule runs its kubernetes:sysdig action with no image');
    // what the warning tells bundle to carry is a reference as written everywhere else
    const next = r.warnings.find((x) => x.operator === 'Falco Talon')!.next;
    const ref = /--image (\S+)`$/.exec(next)![1]!;
    expect(toImageRef(ref)?.normalized).toBe(ref);
  });

  it('before the sysdig action existed, only tcpdump', async () => {
    const w = (await report(chart(), 'falcosecurity/falco-talon:0.2.1')).warnings.filter((x) => x.operator === 'Falco Talon');
    expect(w.map((x) => x.message.includes('issif/tcpdump:latest'))).toEqual([true]);
  });
});

describe('a job dispatcher whose batch jobs, submitted through its API, start with a compiled-in init container (LLMariner)', () => {
  const chart = templateChart({ 'app.yaml': deployment('{{ .Values.image }}') }, 'image: public.ecr.aws/cloudnatix/llmariner/job-manager-dispatcher:1.27.0\n');

  it('names the init image in a warning with the action, and lists only the dispatcher', async () => {
    const r = await report(chart());
    expect(r.images.map((i) => i.ref)).toEqual(['public.ecr.aws/cloudnatix/llmariner/job-manager-dispatcher:1.27.0']);
    const w = r.warnings.filter((x) => x.operator === 'LLMariner job-manager dispatcher');
    expect(w).toHaveLength(1);
    expect(w[0]!.message).toContain('pulls mirror.gcr.io/alpine:3.10 only when a user submits a batch job');
    expect(w[0]!.message).toContain('dispatcher/internal/dispatcher/batchjob.go:42');
  });
});
