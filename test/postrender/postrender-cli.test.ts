// `helm airgap postrender` as Helm runs it: the output of `helm airgap template` of a small chart
// on stdin, the rewritten stream on stdout; discovery on the result must find only target images.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { discoverImages } from '../../src/discover/discover-images.js';
import { parseHelmTemplateOutput } from '../../src/helm/engine/renderer.js';
import { formatLock, type BundleLock, type LockedImage } from '../../src/bundle/lock.js';
import { runCli } from '../bundle/run-cli.js';

const CHART = new URL('../../fixtures/postrender/chart', import.meta.url).pathname;
const PLUGIN = new URL('../../plugins/airgap-postrender/plugin.yaml', import.meta.url).pathname;
const PKG = new URL('../../package.json', import.meta.url).pathname;
const TARGET = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror';
const SOURCES = [
  'docker.io/library/busybox:1.36',
  'quay.io/example/app:1.2.3',
  'quay.io/example/solver:v2',
  'registry.k8s.io/worker@sha256:0000000000000000000000000000000000000000000000000000000000000002',
  'quay.io/example/gadget:v1',
];

let manifest = '';

beforeAll(async () => {
  const r = await runCli(['template', CHART]);
  expect(r.exitCode).toBe(0);
  manifest = r.stdout;
});

function certainRefs(stream: string): string[] {
  return discoverImages(parseHelmTemplateOutput(stream))
    .filter((s) => s.certainty === 'certain' && !s.switchedOff)
    .map((s) => s.ref);
}

function lockOf(refs: string[]): string {
  const images: LockedImage[] = refs.map((ref) => ({
    source: ref,
    ref,
    digest: `sha256:${'a'.repeat(64)}`,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    platforms: ['linux/amd64'],
    size: 1,
    need: 'certain',
    sites: [],
    layoutRef: ref,
  }));
  const lock: BundleLock = { formatVersion: 1, createdBy: 'test', createdAt: '2026-01-01T00:00:00Z', charts: [], images, platforms: [], notBundled: [] };
  const dir = mkdtempSync(join(tmpdir(), 'postrender-lock-'));
  writeFileSync(join(dir, 'airgap-lock.json'), formatLock(lock));
  return join(dir, 'airgap-lock.json');
}

describe('helm airgap postrender (CLI, stdin → stdout)', () => {
  it('the fixture chart renders the five images this test expects', () => {
    expect(certainRefs(manifest).sort()).toEqual([...SOURCES].sort());
  });

  it('rewrites every image to the target: discovery on the output finds only target images, tags and digests unchanged', async () => {
    const r = await runCli(['postrender', '--registry', TARGET], {}, manifest);
    expect(r.exitCode).toBe(0);
    expect(certainRefs(r.stdout).sort()).toEqual(SOURCES.map((s) => `${TARGET}/${s}`).sort());
  });

  it('everything but the image strings is byte-identical (same lines; each changed line is the old one with from → to)', async () => {
    const r = await runCli(['-o', 'json', 'postrender', '--registry', TARGET], {}, manifest);
    const { manifest: out, changes } = JSON.parse(r.stdout) as { manifest: string; changes: { from: string; to: string }[] };
    const a = manifest.split('\n');
    const b = out.split('\n');
    expect(b.length).toBe(a.length);
    const changed = a.map((line, i) => [line, b[i]] as const).filter(([x, y]) => x !== y);
    // and the CRD's default image, which a Gadget made later without its own takes
    expect(changed).toHaveLength(SOURCES.length + 1);
    for (const [x, y] of changed) {
      const c = changes.find((ch) => x.includes(ch.from)) as { from: string; to: string };
      expect(y).toBe(x.replace(c.from, c.to));
    }
    expect(out).toContain('# the app itself; comments survive the post-renderer');
    expect(out).toContain(`image: {type: string, default: "${TARGET}/quay.io/example/gadget:v0"}`);
  });

  it('idempotent: post-rendering the output again changes nothing', async () => {
    const once = (await runCli(['postrender', '--registry', TARGET], {}, manifest)).stdout;
    const twice = await runCli(['postrender', '--registry', TARGET], {}, once);
    expect(twice.exitCode).toBe(0);
    expect(twice.stdout).toBe(once);
  });

  it('--lock: images outside the bundle fail the run naming each (nothing on stdout); --allow-unmapped leaves them, named on stderr', async () => {
    const lock = lockOf(['quay.io/example/app:1.2.3']);
    const strict = await runCli(['postrender', '--registry', TARGET, '--lock', lock], {}, manifest);
    expect(strict.exitCode).toBe(3);
    expect(strict.stdout).toBe('');
    expect(strict.stderr).toMatch(new RegExp(`${SOURCES.length - 1} image\\(s\\) would still be pulled from outside the target`));
    for (const s of SOURCES.filter((x) => x !== 'quay.io/example/app:1.2.3')) expect(strict.stderr).toContain(`${s} (not in the bundle given (--lock)`);
    expect(strict.stderr).toMatch(/^next: .*--allow-unmapped/m);
    const r = await runCli(['postrender', '--registry', TARGET, '--lock', lock, '--allow-unmapped'], {}, manifest);
    expect(r.exitCode).toBe(0);
    expect(certainRefs(r.stdout).filter((x) => x.startsWith(TARGET))).toEqual([`${TARGET}/quay.io/example/app:1.2.3`]);
    // and the CRD's default, named but not counted: nothing pulls it until a Gadget without an image is made
    expect(r.stderr.match(/warning: .*not in the lock/g)).toHaveLength(SOURCES.length);
  });

  it('--map that lacks images: exit 3, no stream; -o json accounts for every image (moved by which entry, or why not)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'airgap-postrender-map-'));
    const map = join(dir, 'one.map.yaml');
    writeFileSync(map, `images:\n  quay.io/example/app:1.2.3: ${TARGET}/app:1.2.3\n`);
    const strict = await runCli(['postrender', '--map', map], {}, manifest);
    expect(strict.exitCode).toBe(3);
    expect(strict.stdout).toBe('');
    const json = await runCli(['-o', 'json', 'postrender', '--map', map], {}, manifest);
    expect(json.exitCode).toBe(3);
    const doc = JSON.parse(json.stdout) as {
      error: { code: string };
      report: { accounting: { moved: { source: string; target: string; by: string }[]; notMoved: { source: string; reason: string }[] } };
    };
    expect(doc.error.code).toBe('ERR_POSTRENDER_UNMAPPED');
    expect(doc.report.accounting.moved.map((m) => [m.source, m.target, m.by])).toEqual([
      ['quay.io/example/app:1.2.3', `${TARGET}/app:1.2.3`, 'map entry quay.io/example/app:1.2.3'],
    ]);
    const others = SOURCES.filter((s) => s !== 'quay.io/example/app:1.2.3');
    expect(doc.report.accounting.notMoved.map((n) => [n.source, n.reason])).toEqual(others.sort().map((s) => [s, 'not-in-map']));
    const allowed = await runCli(['postrender', '--map', map, '--allow-unmapped'], {}, manifest);
    expect(allowed.exitCode, allowed.stderr).toBe(0);
    expect(allowed.stdout).toContain(`${TARGET}/app:1.2.3`);
  });

  it('-o json prints the report: manifest, changes (document, fieldPath, from, to), warnings', async () => {
    const r = await runCli(['-o', 'json', 'postrender', '--registry', TARGET, '--naming', 'flat'], {}, manifest);
    const report = JSON.parse(r.stdout) as { manifest: string; changes: { document: string; to: string }[] };
    expect(report.changes).toHaveLength(SOURCES.length + 1);
    expect(report.changes.map((c) => c.to)).toContain(`${TARGET}/example-app:1.2.3`);
    expect(report.changes[0].document).toMatch(/^pr-demo\/templates\//);
  });

  it('unparsable YAML: exit 1 and stderr names the document', async () => {
    const bad = `${manifest}---\n# Source: pr-demo/templates/broken.yaml\nkind: [unclosed\n`;
    const r = await runCli(['postrender', '--registry', TARGET], {}, bad);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('pr-demo/templates/broken.yaml');
  });

  it.each([
    ['a --registry that is not a host', ['--registry', 'not a registry']],
    ['an unknown --naming', ['--registry', TARGET, '--naming', 'sideways']],
    ['no --registry', []],
  ])('usage errors exit 2: %s', async (_, args) => {
    const r = await runCli(['postrender', ...args], {}, manifest);
    expect(r.exitCode).toBe(2);
  });

  it('empty input: empty output, exit 0, a warning (Helm 4 then reports the empty render itself)', async () => {
    const r = await runCli(['postrender', '--registry', TARGET], {}, '');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('no manifests on stdin');
  });
});

describe('Helm 4 post-renderer plugin manifest (protocols §7.6/7.7)', () => {
  const plugin = parse(readFileSync(PLUGIN, 'utf8')) as { runtimeConfig: { platformCommand: { command: string; args: string[] }[] } } & Record<string, unknown>;
  const pkg = JSON.parse(readFileSync(PKG, 'utf8')) as { version: string };

  it('is a v1 postrenderer/v1 subprocess plugin with a valid name and the package version', () => {
    expect(plugin).toMatchObject({ apiVersion: 'v1', type: 'postrenderer/v1', runtime: 'subprocess', version: pkg.version, config: {} });
    expect(plugin.name).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('runs its own launcher (self-contained, whatever the CLI plugin folder is named) with the postrender verb', () => {
    const [cmd] = plugin.runtimeConfig.platformCommand;
    expect(cmd.command).toBe('$HELM_PLUGIN_DIR/bin/helm-airgap');
    expect(cmd.args).toEqual(['postrender']);
  });
});
