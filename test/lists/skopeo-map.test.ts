// One truthful map per transfer (issue 50): Docker Hub's images behind a mirror with a port, as most
// Nexus, Artifactory and Harbor mirrors are. The skopeo file `images -o skopeo-sync` writes is run
// by real skopeo (its --scoped destination cannot name a host with a port, so the mirror goes
// through registries.conf), and by our sync; both maps name each image by its original name with
// the digest the mirror served, and `verify LIST` compares content with the sources through the
// same --mirror, or says it checked presence only.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseImageMapFile } from '../../src/bundle/image-map.js';
import { runCli } from '../bundle/run-cli.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { pushRaw, writeSyntheticImages } from '../support/synthetic-image.js';
import { requireTool } from '../support/tools.js';
import { servedDigest, startSeededSource, type SeededSource } from '../sync/sync-world.js';

let mirror: SeededSource;
let work: string;
let list: string;

beforeAll(async () => {
  await requireTool('skopeo', 'skopeo');
  mirror = await startSeededSource([
    { name: 'hub/library/nginx', tag: '1.27.4', layers: [{ seed: 'nginx', size: 2048 }], platforms: ['linux/amd64', 'linux/arm64'] },
    { name: 'hub/bitnami/kafka', tag: '3.7.0', layers: [{ seed: 'kafka', size: 2048 }] },
  ]);
  work = await mkdtemp(join(tmpdir(), 'airgap-skopeo-map-'));
  list = join(work, 'images.txt');
  await writeFile(list, 'docker.io/library/nginx:1.27.4\nbitnami/kafka:3.7.0\n');
}, 60_000);
afterAll(async () => {
  await mirror?.stop();
  await rm(work, { recursive: true, force: true });
});

const digestOf = (name: string) => mirror.images.find((i) => i.name === name)!.digest;
const entriesOf = async (file: string) => parseImageMapFile(await readFile(file, 'utf8'), file);

describe('a skopeo sync file for a mirror with a port', () => {
  it('refused without --registries-conf: the error says why skopeo would fail and the way that works', async () => {
    const r = await runCli([
      'images',
      list,
      '-o',
      'skopeo-sync',
      '--mirror',
      `docker.io=${mirror.registry.host}/hub`,
      '--registry',
      'dst.example/airgap',
      '--write-map',
      join(work, 'no.yaml'),
    ]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('invalid reference format');
    expect(r.stderr).toMatch(/^next: add --registries-conf FILE/m);
  });

  it('real skopeo runs it; the map of the file and the map of our sync of the same file are one map', async () => {
    const dst: RunningRegistry = await startRegistry();
    try {
      const dir = await mkdtemp(join(work, 'run-'));
      const gen = await runCli([
        'images', list, '-o', 'skopeo-sync', '--mirror', `docker.io=${mirror.registry.host}/hub`, '--tls-verify', `${mirror.registry.host}=false`,
        '--registry', `${dst.host}/airgap`, '--write-map', join(dir, 'skopeo.map.yaml'), '--registries-conf', join(dir, 'registries.conf'),
      ]); // prettier-ignore
      expect(gen.exitCode, gen.stderr).toBe(0);
      await writeFile(join(dir, 'sync.yaml'), gen.stdout);
      expect(gen.stdout).toMatch(/^docker\.io:$/m);
      expect(await readFile(join(dir, 'registries.conf'), 'utf8')).toContain(`location = "${mirror.registry.host}/hub"\ninsecure = true`);
      const sk = await execa(
        'skopeo',
        ['--registries-conf', join(dir, 'registries.conf'), 'sync', '--src', 'yaml', '--dest', 'docker', '--dest-tls-verify=false', '--all', '--preserve-digests', '--scoped', join(dir, 'sync.yaml'), `${dst.host}/airgap`],
        { reject: false, all: true, env: { HOME: dir, PATH: process.env.PATH!, REGISTRY_AUTH_FILE: join(dir, 'none.json') }, extendEnv: false },
      ); // prettier-ignore
      expect(sk.exitCode, sk.all).toBe(0);
      expect(await servedDigest(dst.host, 'airgap/docker.io/library/nginx', '1.27.4')).toBe(digestOf('hub/library/nginx'));
      const written = await entriesOf(join(dir, 'skopeo.map.yaml'));
      expect(written.entries.map((e) => [e.source, e.digest])).toEqual([
        ['docker.io/bitnami/kafka:3.7.0', digestOf('hub/bitnami/kafka')],
        ['docker.io/library/nginx:1.27.4', digestOf('hub/library/nginx')],
      ]);
      expect(written.entries[1]!.platforms?.map((p) => p.platform).sort()).toEqual(['linux/amd64', 'linux/arm64']);
      expect(written.registries).toEqual([{ host: dst.host, kind: 'oci' }]);
      const byMap = await runCli(['verify', '--map', join(dir, 'skopeo.map.yaml'), '-o', 'json']);
      expect(byMap.exitCode, byMap.stderr).toBe(0);
      expect(JSON.parse(byMap.stdout).presenceOnly).toBe(0);

      const ours = await runCli(['sync', join(dir, 'sync.yaml'), `docker://${dst.host}/airgap`, '--write-map', join(dir, 'sync.map.yaml')]);
      expect(ours.exitCode, ours.stderr).toBe(0);
      const synced = await entriesOf(join(dir, 'sync.map.yaml'));
      expect(synced).toEqual(written);
      // verify LIST by the sources' digests (through the same --mirror) agrees with verify --map
      const byList = await runCli(['verify', list, '--registry', `${dst.host}/airgap`, '--mirror', `docker.io=${mirror.registry.host}/hub`, '-o', 'json']);
      expect(byList.exitCode, byList.stderr).toBe(0);
      expect(JSON.parse(byList.stdout)).toMatchObject({ totals: { present: 2, missing: 0, different: 0 }, presenceOnly: 0 });
    } finally {
      await dst.stop();
    }
  }, 60_000);

  it('a mirror without --registry: the origin line lets our sync map the original names', async () => {
    const dst: RunningRegistry = await startRegistry();
    try {
      const dir = await mkdtemp(join(work, 'origin-'));
      const gen = await runCli(['images', list, '-o', 'skopeo-sync', '--mirror', `docker.io=${mirror.registry.host}/hub`]);
      expect(gen.exitCode, gen.stderr).toBe(0);
      expect(gen.stdout).toContain(`# helm-airgap origin: ${mirror.registry.host}/hub=docker.io\n`);
      await writeFile(join(dir, 'sync.yaml'), gen.stdout);
      const r = await runCli(['sync', join(dir, 'sync.yaml'), `docker://${dst.host}/o`, '--write-map', join(dir, 'm.yaml')]);
      expect(r.exitCode, r.stderr).toBe(0);
      const m = await entriesOf(join(dir, 'm.yaml'));
      const seg = mirror.registry.host.replace(':', '-');
      expect(m.entries.map((e) => [e.source, e.destination])).toEqual([
        ['docker.io/bitnami/kafka:3.7.0', `${dst.host}/o/${seg}/hub/bitnami/kafka:3.7.0`],
        ['docker.io/library/nginx:1.27.4', `${dst.host}/o/${seg}/hub/library/nginx:1.27.4`],
      ]);
    } finally {
      await dst.stop();
    }
  }, 60_000);
});

describe('verify LIST compares content with the sources', () => {
  it('a target tag overwritten with other content is DIFFERENT when the source answers; presence only, said, when it cannot', async () => {
    const dst: RunningRegistry = await startRegistry();
    try {
      const via = ['--mirror', `docker.io=${mirror.registry.host}/hub`];
      const copied = await runCli(['copy', '--from-file', list, `docker://${dst.host}/m`, ...via]);
      expect(copied.exitCode, copied.stderr).toBe(0);
      const [other] = await writeSyntheticImages(join(work, 'other'), [
        { name: 'm/docker.io/bitnami/kafka', tag: '3.7.0', layers: [{ seed: 'not-kafka', size: 512 }] },
      ]);
      await pushRaw(dst.host, other!);

      const byDigest = await runCli(['verify', list, '--registry', `${dst.host}/m`, ...via]);
      expect(byDigest.exitCode).toBe(3);
      expect(byDigest.stdout).toMatch(new RegExp(`DIFFERENT\\s+image docker\\.io/bitnami/kafka:3\\.7\\.0 .*holds ${other!.digest}`));
      expect(byDigest.stdout).not.toContain('presence only');

      const noSource = await runCli(['verify', list, '--registry', `${dst.host}/m`, '--no-source', '-o', 'json']);
      expect(noSource.exitCode, noSource.stderr).toBe(0);
      const report = JSON.parse(noSource.stdout);
      expect(report.presenceOnly).toBe(2);
      expect(report.items.map((i: { checked: string; presenceOnly: string }) => [i.checked, i.presenceOnly])).toEqual([
        ['presence', 'no source was asked'],
        ['presence', 'no source was asked'],
      ]);
      const text = await runCli(['verify', list, '--registry', `${dst.host}/m`, '--mirror', 'docker.io=127.0.0.1:1/hub']);
      expect(text.exitCode, text.stderr).toBe(0);
      expect(text.stdout).toMatch(/2 of 2 checked for presence only, content not compared/);
      expect(text.stdout).toMatch(/PRESENCE-ONLY\s+image docker\.io\/bitnami\/kafka:3\.7\.0: the source did not answer: .*127\.0\.0\.1:1/);
      expect(text.stdout).toMatch(/to compare content: verify --map MAP/);
    } finally {
      await dst.stop();
    }
  }, 60_000);
});
