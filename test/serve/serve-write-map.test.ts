// `serve --write-map`: where each bundle image is served, in the one image map format, and what
// reads it: `verify --map` finds every image there by digest and platform, and `copy --from-map`
// copies each into a real docker-registry by the map's digest, named by the image's own name (not
// the served one), writing a map of its own with the own names as sources.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFixtureBundle, type FixtureBundle } from '../push/fixture-bundle.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { runCli } from '../bundle/run-cli.js';
import { readImageMap } from '../../src/bundle/image-map-file.js';
import { startServe, type RunningServe } from './serve-helpers.js';

let work = '';
let bundle: FixtureBundle;
let served: RunningServe;
let registry: RunningRegistry;
const MAP = () => join(work, 'served.map.yaml');

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-serve-map-'));
  bundle = await writeFixtureBundle(work, [
    { name: 'registry.example.com/acme/app', tag: '1.0.0', platforms: ['linux/amd64', 'linux/arm64'], layers: [{ seed: 'app', size: 64 * 1024 }] },
    { name: 'docker.io/library/busybox', tag: '1.36', layers: [{ seed: 'busybox', size: 16 * 1024 }], mediaTypes: 'docker' },
  ]);
  registry = await startRegistry();
  // drop-host: the served names differ from the names a full-naming copy gives, so the test sees which one copy used
  served = await startServe([bundle.file, '--naming', 'drop-host', '--write-map', MAP()]);
}, 60_000);

afterAll(async () => {
  await served?.stop();
  await registry?.stop();
  await rm(work, { recursive: true, force: true });
});

describe('serve --write-map', () => {
  it('names every bundle image at the address and repository serve answers it on, with the lock digest and platforms', async () => {
    expect(served.stdout()).toContain(`wrote ${MAP()}`);
    const map = await readImageMap(MAP());
    expect(map.entries.map((e) => [e.source, e.destination, e.digest])).toEqual(
      bundle.lock.images.map((i) => [i.ref, `${served.host}/${i.ref.replace(/^[^/]+\//, '')}`, i.digest]).sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
    );
    expect(map.lookup('registry.example.com/acme/app:1.0.0')?.platforms?.map((p) => p.platform)).toEqual(['linux/amd64', 'linux/arm64']);
    expect(map.registries).toEqual([{ host: served.host, kind: 'oci' }]);
    const verified = await runCli(['verify', '--map', MAP()]);
    expect(verified.exitCode, verified.stderr).toBe(0);
  });

  it('copy --from-map copies each image from serve by digest, named below DST by its own name, and maps the own names', async () => {
    const site = join(work, 'site.map.yaml');
    const r = await runCli(['copy', '--from-map', MAP(), `docker://${registry.host}`, '--write-map', site]);
    expect(r.exitCode, r.stderr).toBe(0);
    const map = await readImageMap(site);
    for (const i of bundle.lock.images) {
      expect(map.lookup(i.ref)?.destination).toBe(`${registry.host}/${i.ref}`);
      const [path, tag] = i.ref.split(':');
      const head = await fetch(`http://${registry.host}/v2/${path}/manifests/${tag}`, {
        method: 'HEAD',
        headers: { accept: 'application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.v2+json' },
      });
      expect(head.headers.get('docker-content-digest'), i.ref).toBe(i.digest);
    }
  });

  it('copy --from-map fetches by the digest the map records: a map naming another digest is refused for that image', async () => {
    const edited = join(work, 'edited.map.yaml');
    const app = bundle.lock.images.find((i) => i.ref.startsWith('registry.example.com'))!;
    const other = `sha256:${'0'.repeat(64)}`;
    await writeFile(edited, (await readFile(MAP(), 'utf8')).replace(`digest: ${app.digest}`, `digest: ${other}`));
    const r = await runCli(['copy', '--from-map', edited, `docker://${registry.host}/again`]);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain(`${edited}: registry.example.com/acme/app:1.0.0`);
    expect(r.stderr).toContain(other);
  });

  it('serving on every address, the map names loopback (a wildcard address is none a client connects to)', async () => {
    const map = join(work, 'wildcard.map.yaml');
    const wide = await startServe([bundle.file, '--address', '0.0.0.0', '--write-map', map]);
    try {
      const port = new URL(wide.url).port;
      expect((await readImageMap(map)).registries).toEqual([{ host: `127.0.0.1:${port}`, kind: 'oci' }]);
      const verified = await runCli(['verify', '--map', map]);
      expect(verified.exitCode, verified.stderr).toBe(0);
    } finally {
      await wide.stop();
    }
  });

  it('refuses --from-file with --from-map, and a map with no images, as usage errors', async () => {
    const both = await runCli(['copy', '--from-map', MAP(), '--from-file', MAP(), `docker://${registry.host}`]);
    expect(both.exitCode).toBe(2);
    expect(both.stderr).toContain('--from-file and --from-map both name what to copy');
    const empty = join(work, 'empty.map.yaml');
    await writeFile(empty, 'apiVersion: helm-airgap/v1\nkind: ImageMap\nimages: []\n');
    const none = await runCli(['copy', '--from-map', empty, `docker://${registry.host}`]);
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toMatch(/--from-map .*empty\.map\.yaml: the map has no images/);
  });
});
