// A `skopeo sync --src yaml` file written by `helm airgap images -o skopeo-sync` is run by
// `helm airgap sync` without skopeo. The source sits behind Bearer-token auth, logged in by the
// file's own `credentials` block; the destination is open. skopeo then reads what landed.
import { execa } from 'execa';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../bundle/run-cli.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { startTokenServer, type TokenServer } from '../support/token-server.js';
import { requireTool } from '../support/tools.js';
import { manyImages, servedDigest, startSeededSource, type SeededSource } from './sync-world.js';

let seeded: SeededSource;
let ts: TokenServer;
let locked: RunningRegistry;
let dst: RunningRegistry;
let work: string;

beforeAll(async () => {
  seeded = await startSeededSource(manyImages('team', 3, 2));
  // the same storage behind token auth: only "puller" may read it
  ts = await startTokenServer({ users: { puller: 'pull-pw' }, anonymousPull: false });
  locked = await startRegistry({ auth: ts.registryAuth(), rootDir: seeded.registry.rootDir });
  dst = await startRegistry();
  work = await mkdtemp(join(tmpdir(), 'airgap-sync-yaml-'));
});
afterAll(async () => {
  await dst?.stop();
  await locked?.stop();
  await ts?.stop();
  await seeded?.stop();
  await rm(work, { recursive: true, force: true });
});

describe('sync SKOPEO_SYNC.yaml', () => {
  it('runs the file `images -o skopeo-sync` writes, with its credentials block; tags and digests land as skopeo would put them (--scoped)', async () => {
    const pinned = seeded.images.find((i) => i.name === 'team/app-01' && i.tag === 'v1.1.0')!;
    const chart = join(work, 'chart');
    await mkdir(join(chart, 'templates'), { recursive: true });
    await writeFile(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: syncfile\nversion: 0.1.0\n');
    await writeFile(
      join(chart, 'templates', 'd.yaml'),
      [
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata: {name: app}',
        'spec:',
        '  template:',
        '    spec:',
        '      containers:',
        `        - name: app`,
        `          image: ${locked.host}/team/app-00:v1.0.0`,
        `          args: ["--helper-image=${locked.host}/team/app-01@${pinned.digest}"]`,
        '',
      ].join('\n'),
    );
    const listed = await runCli(['images', chart, '-o', 'skopeo-sync'], { HELM_AIRGAP_CACHE: join(work, 'cache') });
    expect(listed.exitCode, listed.stderr).toBe(0);
    const file = join(work, 'sync.yaml');
    // what a platform team adds by hand: the source login, and every tag of app-02 by regex
    const extra = `  credentials:\n    username: puller\n    password: pull-pw\n  images-by-tag-regex:\n    team/app-02: ^v1\\.1\\.\n`;
    await writeFile(file, listed.stdout.replace(`${locked.host}:\n`, `${locked.host}:\n${extra}`));
    const env = { DOCKER_CONFIG: join(work, 'no-docker'), HELM_REGISTRY_CONFIG: join(work, 'none.json') };
    const r = await runCli(['sync', file, `docker://${dst.host}/mirror`, '--scoped', '-o', 'json'], env);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('pull-pw');
    const scope = `mirror/${locked.host.replace(':', '-')}/team`;
    const app00 = seeded.images.find((i) => i.name === 'team/app-00' && i.tag === 'v1.0.0')!;
    const app02 = seeded.images.find((i) => i.name === 'team/app-02' && i.tag === 'v1.1.0')!;
    expect(await servedDigest(dst.host, `${scope}/app-00`, 'v1.0.0')).toBe(app00.digest);
    expect(await servedDigest(dst.host, `${scope}/app-02`, 'v1.1.0')).toBe(app02.digest);
    expect(await servedDigest(dst.host, `${scope}/app-02`, 'v1.0.0')).toBeUndefined();
    const skopeo = await requireTool('skopeo', 'skopeo');
    const raw = await execa(skopeo, ['inspect', '--raw', '--tls-verify=false', `docker://${dst.host}/${scope}/app-01@${pinned.digest}`], { reject: false });
    expect(raw.exitCode, raw.stderr).toBe(0);
    // every token the source issued went to the file's user
    expect(ts.log.filter((l) => l.status === 200).every((l) => l.user === 'puller')).toBe(true);
  });

  it('names the file and key of a mistake', async () => {
    const file = join(work, 'bad.yaml');
    await writeFile(file, `${locked.host}:\n  images:\n    team/app-00: v1.0.0\n`);
    const r = await runCli(['sync', file, `docker://${dst.host}/m`]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`bad.yaml: ${locked.host}: images.team/app-00: expected a list of tags or digests`);
  });
});
