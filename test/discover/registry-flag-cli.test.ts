// An operator whose compiled-in images keep their repository and take only the registry from a
// flag (A, Sveltos' classifier: `--registry=docker.io` swaps the registry of the
// sveltos-agent it deploys into every cluster it manages; controllers/classifier_deployer.go).
// The flag in the render is no override the site table finds (a registry names no image): `images`
// composes the default with it, and `postrender` sets it so the operator composes the target's copy.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { runCli as runCliWithInput } from '../bundle/run-cli.js';
import { deploymentHead, templateChart } from './template-chart.js';

const AGENT = 'projectsveltos/sveltos-agent@sha256:b18a2406827cf94d23720ffb1f445bfb2a9b2e0ac920759be49926f71d10c18d';
const TARGET = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror';

const classifier = (tag: string, registry: string) => `${deploymentHead('classifier-manager')}      - name: manager
        image: docker.io/projectsveltos/classifier:${tag}
        args:
        - --v=5
        - --version=${tag}
        - --registry=${registry}
`;

interface Report {
  images: { ref: string; need: string; sites: { site: string; builtin?: { operator: string; override?: string } }[] }[];
  warnings: { operator: string; version?: string; message: string }[];
}

async function report(chart: string): Promise<Report> {
  const r = await runCli(['images', chart, '-o', 'json']);
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

describe('a registry flag the operator joins to its compiled-in repository', () => {
  const hub = templateChart({ 'op.yaml': classifier('v1.12.0', 'docker.io') });
  const mirror = templateChart({ 'op.yaml': classifier('v1.12.0', 'registry.acme.io/hub') });
  const unread = templateChart({ 'op.yaml': classifier('v1.13.0', 'docker.io') });

  it('images lists the default at the registry the flag names, as runtime', async () => {
    const r = await report(hub());
    const agent = r.images.find((e) => e.ref === `docker.io/${AGENT}`);
    expect(agent?.need).toBe('runtime');
    expect(agent?.sites[0]).toMatchObject({ site: 'builtin', builtin: { operator: 'Sveltos classifier' } });
    expect(agent?.sites[0]?.builtin?.override).toContain('flag --registry (a registry)');
    expect((await report(mirror())).images.map((e) => e.ref)).toContain(`registry.acme.io/hub/${AGENT}`);
  });

  it('values names the flag to set, with the registry that puts the path under the target', async () => {
    const out = await mkdtemp(join(tmpdir(), 'airgap-registry-flag-'));
    try {
      const r = await runCli(['values', hub(), '--registry', TARGET, '--out-dir', out]);
      expect(r.exitCode, r.stderr).toBe(3);
      expect(r.stderr).toContain(`set flag --registry (a registry) of the operator's container to ${TARGET}/docker.io `);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it('an operator version no entry was read for gets a warning, not a guess', async () => {
    const r = await report(unread());
    expect(r.images.map((e) => e.ref)).toEqual(['docker.io/projectsveltos/classifier:v1.13.0']);
    expect(r.warnings.map((w) => [w.operator, w.version])).toEqual([['Sveltos classifier', 'v1.13.0']]);
  });

  it("postrender sets the flag last (the operator's flag parser keeps the last), so the operator composes the target's copy", async () => {
    const t = await runCli(['template', 'rel', hub()]);
    expect(t.exitCode, t.stderr).toBe(0);
    const post = await runCliWithInput(['postrender', '--registry', TARGET], {}, t.stdout);
    expect(post.exitCode, post.stderr).toBe(0);
    const flags = post.stdout.match(/--registry=[^\s"]+/g);
    expect(flags?.at(-1)).toBe(`--registry=${TARGET}/docker.io`);
  });
});
