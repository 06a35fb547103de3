// `helm airgap sync --mirror REGISTRY=LOCATION`, as copy has it: REGISTRY's repositories are
// listed and fetched at LOCATION, while every name (the destination's naming, the map's sources)
// still speaks of REGISTRY. REGISTRY here is a loopback port nothing listens on, so any request
// that went there would fail the run.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseImageMap } from '../../src/bundle/image-map.js';
import { runCli } from '../bundle/run-cli.js';
import { freePort, startRegistry, type RunningRegistry } from '../support/registry.js';
import { servedDigest, startSeededSource, type SeededSource } from './sync-world.js';

let mirror: SeededSource;
let dst: RunningRegistry;
let work: string;
let original: string;
const env = () => ({ DOCKER_CONFIG: join(work, 'no-docker'), HELM_REGISTRY_CONFIG: join(work, 'no-helm.json'), CI: 'true' });

beforeAll(async () => {
  const base = [{ seed: 'mirror-base', size: 10_000 }];
  // the mirror holds the original's repositories below upstream/, plus one outside it
  [mirror, dst] = await Promise.all([
    startSeededSource(
      ['upstream/team/app', 'upstream/team/lib', 'elsewhere/team/app'].map((name, i) => ({
        name,
        tag: '1.0',
        baseLayers: base,
        layers: [{ seed: `m${i}`, size: 1_000 }],
        mediaTypes: 'docker' as const,
      })),
    ),
    startRegistry(),
  ]);
  original = `127.0.0.1:${await freePort()}`;
  work = await mkdtemp(join(tmpdir(), 'airgap-sync-mirror-'));
});

afterAll(async () => {
  await Promise.all([mirror?.stop(), dst?.stop()]);
  if (work) await rm(work, { recursive: true, force: true });
});

const digestOf = (name: string) => mirror.images.find((i) => i.name === name)!.digest;

describe('sync --mirror', () => {
  it('walks the original registry at the mirror: the catalog below the mirror path, named as the original', async () => {
    const map = join(work, 'walk.map.yaml');
    const r = await runCli(
      [
        'sync',
        '-o',
        'json',
        `docker://${original}/team`,
        `docker://${dst.host}/m`,
        '--mirror',
        `${original}=${mirror.registry.host}/upstream`,
        '--write-map',
        map,
      ],
      env(),
    );
    expect(r.exitCode, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { items: { source: string; target: string; digest: string }[] };
    // naming path (a walked registry): below the walked path, as without the mirror
    expect(report.items.map((i) => [i.source, i.target])).toEqual([
      [`${original}/team/app:1.0`, `${dst.host}/m/app:1.0`],
      [`${original}/team/lib:1.0`, `${dst.host}/m/lib:1.0`],
    ]);
    expect(await servedDigest(dst.host, 'm/app', '1.0')).toBe(digestOf('upstream/team/app'));
    expect(await servedDigest(dst.host, 'm/lib', '1.0')).toBe(digestOf('upstream/team/lib'));
    const entries = parseImageMap(await readFile(map, 'utf8'), map);
    expect(entries.map((e) => e.source).sort()).toEqual([`${original}/team/app:1.0`, `${original}/team/lib:1.0`]);
  });

  it('a list naming the original registry is fetched at the mirror and lands under the original host (naming full)', async () => {
    const list = join(work, 'list.txt');
    await writeFile(list, `${original}/team/app:1.0\n`);
    const r = await runCli(['sync', '-o', 'json', list, `docker://${dst.host}/full`, '--mirror', `${original}=${mirror.registry.host}/upstream`], env());
    expect(r.exitCode, r.stderr).toBe(0);
    const [item] = (JSON.parse(r.stdout) as { items: { source: string; target: string }[] }).items;
    expect(item!.source).toBe(`${original}/team/app:1.0`);
    const repo = item!.target.slice(`${dst.host}/`.length).replace(/:1\.0$/, '');
    expect(repo).toMatch(new RegExp(`^full/127\\.0\\.0\\.1[^/]*${original.split(':')[1]}/team/app$`));
    expect(await servedDigest(dst.host, repo, '1.0')).toBe(digestOf('upstream/team/app'));
  });

  it('a --mirror without = is a usage error naming the flag', async () => {
    const r = await runCli(['sync', `docker://${original}/team`, `docker://${dst.host}/x`, '--mirror', 'nonsense'], env());
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/--mirror "nonsense": expected KEY=VALUE/);
  });
});
