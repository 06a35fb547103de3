// docs/plans/8-serve.md (plan 8): a bundle made from a chart repository and signed by a key real openssl
// made, then the isolated side's script run as one bash script, as written: serve in the background
// (readiness through a FIFO, no sleep), push from it (the served lock's signature checked with
// builder.pub first) into a real docker-registry, values from the site's map, helm pull and helm
// install --dry-run from the served registry (real Helm 4), SIGTERM; the pushed digests are the
// lock's (images and chart), the pulled chart is the bundled one, and the install runs every image
// from the site's registry.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundleLock } from '../../src/bundle/open.js';
import { MANIFEST_ACCEPT } from '../../src/oci/media-types.js';
import { startBundleWorld, type BundleWorld } from '../bundle/bundle-fixtures.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { firstFailure, localPlanEnv, planBlocks, runScript, swapped } from './doc-plans.js';

let w: BundleWorld;
let site: RunningRegistry;
let work: string;

beforeAll(async () => {
  [w, site] = await Promise.all([startBundleWorld(), startRegistry()]);
  work = await mkdtemp(join(tmpdir(), 'airgap-plan8-'));
}, 120_000);
afterAll(async () => {
  await Promise.all([w?.stop(), site?.stop()]);
  await rm(work, { recursive: true, force: true });
});

const MANIFESTS = MANIFEST_ACCEPT.join(', ');
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('docs/plans/8-serve.md (plan 8): a site with no registry yet, served from the bundle', () => {
  it('serve in the background, push from it into the first registry (signature checked), helm pull and install --dry-run from it, SIGTERM as a clean stop', async () => {
    const blocks = await planBlocks(8);
    expect(blocks).toHaveLength(2);
    const env = await localPlanEnv(work);
    const swaps: [string, string][] = [
      ['https://charts.internal.example', w.repo.url],
      ['--out bundle.tar', `--out bundle.tar ${w.mirrors.join(' ')}`],
      ['registry.site.internal:5000', site.host],
    ];
    expect(await firstFailure(swapped(blocks[0]!, swaps), { cwd: work, env })).toBeUndefined();
    // the isolated side's block is one script: its shell variables and its background job span it
    const r = await runScript(swapped(blocks[1]!, swaps), { cwd: work, env });
    const log = await readFile(join(work, 'serve.log'), 'utf8').catch(() => '(no serve.log)');
    expect(r.exitCode, `${r.all}\n${log}`).toBe(0);
    expect(log).toMatch(/serving bundle\.tar at http:\/\/127\.0\.0\.1:\d+ /);
    expect(log).toContain('stopped serving bundle.tar (SIGTERM)');

    const lock = await readBundleLock(join(work, 'bundle.tar'));
    for (const ref of ['registry.example.com/acme/app:1.0.0', 'docker.io/library/busybox:1.36']) {
      const want = lock.images.find((i) => i.ref === ref)?.digest;
      expect(want, ref).toMatch(/^sha256:/);
      const [path, tag] = ref.split(':');
      const head = await fetch(`http://${site.host}/v2/${path}/manifests/${tag}`, { method: 'HEAD', headers: { accept: MANIFESTS } });
      expect(head.headers.get('docker-content-digest'), ref).toBe(want);
    }
    expect(sha256(await readFile(join(work, 'demo-1.2.1.tgz')))).toBe(sha256(await readFile(join(w.repoDir, 'demo-1.2.1.tgz'))));
    // push checked the served lock's signature, and pushed the chart by the lock's digest too
    expect(r.all).toMatch(/bundle signed by sha256:[0-9a-f]{64} \(builder\.pub\)/);
    for (const c of lock.charts) {
      const head = await fetch(`http://${site.host}/v2/charts/${c.name}/manifests/${c.version}`, { method: 'HEAD', headers: { accept: MANIFESTS } });
      expect(head.headers.get('docker-content-digest'), c.name).toBe(c.manifestDigest);
    }
    expect(await readFile(join(work, 'site.map.yaml'), 'utf8')).toContain(`destination: ${site.host}/`);
    const rendered = await readFile(join(work, 'demo.yaml'), 'utf8');
    expect(rendered).toContain('NAME: demo');
    const images = [...rendered.matchAll(/image: "?([^"\s]+)/g)].map((m) => m[1]);
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) expect(image).toMatch(new RegExp(`^${site.host.replace(/\./g, '\\.')}/(registry\.example\.com|docker\.io)/`));
  }, 240_000);
});
