// inspect --html: one self-contained page, opened in a real headless browser (Debian's chromium):
// it renders the charts and every image of the lock with its platforms, where it comes from and
// who signed it (the demo images signed in cosign's .sig layout by an openssl key, checked by a
// signatures: policy at bundle time), asks for nothing over the network, and a screenshot is taken.
import { execa } from 'execa';
import { createHash, createPublicKey } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBundleLock } from '../../src/bundle/open.js';
import type { BundleLock } from '../../src/bundle/lock.js';
import { runCli } from '../bundle/run-cli.js';
import { startBundleWorld, worldEnv, type BundleWorld } from '../bundle/bundle-fixtures.js';
import { opensslKey, pushCosignSignature } from '../support/cosign-sign.js';
import { requireTool } from '../support/tools.js';

let w: BundleWorld;
let profile: string;
let lock: BundleLock;
let html: string;
let dom: string;
let signer: string;

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

beforeAll(async () => {
  w = await startBundleWorld();
  profile = await mkdtemp(join(tmpdir(), 'airgap-chromium-'));
  const env = worldEnv(w);
  const bundle = join(w.work, 'b.tar');
  const release = opensslKey(w.work, 'release', 'p256');
  for (const img of w.images.values())
    if (img.name.startsWith('registry.example.com/'))
      await pushCosignSignature({ host: w.registry.host, repo: img.name, tagDigest: img.digest, key: release, dir: w.work });
  signer = `sha256:${createHash('sha256')
    .update(createPublicKey(await readFile(release.publicFile)).export({ type: 'spki', format: 'der' }))
    .digest('hex')}`;
  const spec = join(w.work, 'airgap.yaml');
  await writeFile(
    spec,
    [
      'charts: [{name: demo, repo: ' + w.repo.url + ', version: 1.2.1}]',
      'signatures:',
      '  policy:',
      '    - {match: "registry.example.com/**", key: release.pub}',
      '    - {match: "**", require: none}',
      '',
    ].join('\n'),
  );
  const b = await runCli(['bundle', '--spec', spec, '--platform', 'linux/amd64', ...w.mirrors, '-o', bundle], env);
  expect(b.exitCode, b.stderr).toBe(0);
  lock = await readBundleLock(bundle);
  html = join(w.work, 'report.html');
  const r = await runCli(['inspect', bundle, '--html', html], env);
  expect(r.exitCode, r.stderr).toBe(0);
  const chromium = await requireTool('chromium', 'chromium');
  dom = (await execa(chromium, [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, '--dump-dom', `file://${html}`], { timeout: 60_000 })).stdout;
});

afterAll(async () => {
  await w?.stop();
  if (profile) await rm(profile, { recursive: true, force: true });
});

describe('inspect --html in a real browser', () => {
  it('renders a table of the charts and a row per image with its platforms and where it comes from', () => {
    expect(dom).toContain('<table id="charts">');
    for (const c of lock.charts) expect(dom).toContain(`<td>${c.name}</td><td>${c.version}</td>`);
    const rows = dom.split('<table id="images">')[1]!.split('</table>')[0]!.split('<tr>').slice(2);
    expect(rows).toHaveLength(lock.images.length);
    for (const img of lock.images) {
      const row = rows.find((r) => r.includes(`<code>${img.ref}</code>`));
      expect(row, img.ref).toBeDefined();
      for (const s of img.sites) expect(row).toContain(s.fieldPath);
    }
    // who signed each image, as verified at bundle time; the one the policy exempts says so
    const signed = lock.images.filter((i) => i.signatures?.length);
    expect(signed.length).toBeGreaterThan(0);
    for (const img of lock.images) {
      const row = rows.find((r) => r.includes(`<code>${img.ref}</code>`))!;
      if (img.signatures?.length) {
        expect(row, img.ref).toContain(`<span class="signer">key <code>${signer}</code></span>`);
        expect(row, img.ref).toContain(`cosign-tag <code>${img.signatures[0]!.digest}</code>, policy <code>registry.example.com/**</code>`);
      } else expect(row, img.ref).toContain('no signature required by the policy');
    }
    expect(lock.images.length).toBeGreaterThan(signed.length);
    // the multi-platform image: amd64 carried, arm64 shown as left out by --platform
    expect(dom).toMatch(/<span class="tag" title="carried">linux\/amd64<\/span><span class="tag off" title="left out by --platform">linux\/arm64/);
  });

  it('is self-contained: no script, no stylesheet or image fetched from anywhere', async () => {
    const page = await readFile(html, 'utf8');
    expect(page).not.toMatch(/<script|<link|<img|src=|url\(/i);
  });

  it('a screenshot shows the page', async () => {
    const chromium = await requireTool('chromium', 'chromium');
    const png = join(w.work, 'report.png');
    await execa(chromium, [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, `--screenshot=${png}`, '--window-size=1400,1000', `file://${html}`], {
      timeout: 60_000,
    });
    const bytes = await readFile(png);
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    // a blank page compresses to almost nothing; tables and text do not
    expect((await stat(png)).size).toBeGreaterThan(20_000);
  });
});
