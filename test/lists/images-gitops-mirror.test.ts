// `images --gitops DIR -o skopeo-sync --mirror ...`: the skopeo sync file of a list, made from the
// images the GitOps objects' charts need, each fetched through the mirror. Without -o skopeo-sync
// the flags name what they need. Through the built CLI, as a person runs it.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runBuilt } from '../support/built-cli.js';
import { writeImageChart } from '../support/image-chart.js';

async function gitops(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'images-gitops-mirror-'));
  await writeImageChart(join(dir, 'web'), ['docker.io/library/nginx:1.25', 'quay.io/acme/agent:2.0']);
  writeFileSync(join(dir, 'helmfile.yaml'), 'releases:\n  - name: web\n    chart: ./web\n');
  return dir;
}

describe('images --gitops with --mirror', () => {
  it('-o skopeo-sync: the file fetches docker.io from the mirror and keeps the rest', async () => {
    const dir = await gitops();
    const r = await runBuilt(['images', '--gitops', dir, '-o', 'skopeo-sync', '--mirror', 'docker.io=mirror.internal.example/hub']);
    expect(r.exitCode, r.stderr).toBe(0);
    const file = parse(r.stdout) as Record<string, { images: Record<string, string[]> }>;
    expect(file['mirror.internal.example']!.images).toEqual({ 'hub/library/nginx': ['1.25'] });
    expect(file['quay.io']!.images).toEqual({ 'acme/agent': ['2.0'] });
    expect(r.stdout).toMatch(/^# helm-airgap origin: mirror.internal.example\/hub=docker.io$/m);
  });

  it('without -o skopeo-sync: a usage error naming it, with the command to run', async () => {
    const dir = await gitops();
    const r = await runBuilt(['images', '--gitops', dir, '--mirror', 'docker.io=mirror.internal.example/hub']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('add -o skopeo-sync');
    expect(r.stderr).toContain(`next: helm airgap images --gitops ${dir} -o skopeo-sync --mirror`);
  });
});
