// A map says how its destinations are reached (issue 50): copy into ECR (the stand-in) given
// --type ecr --endpoint-url --region records them in the map, never the login; verify --map then
// reaches ECR with no flag repeated (before, it took the host for a plain registry: 401), and a
// flag given to verify still wins over the map.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseImageMapFile } from '../../src/bundle/image-map.js';
import { standinEnv, startEcrStandin, type EcrStandin } from '../support/ecr-standin/index.js';
import { startRegistry, type RunningRegistry } from '../support/registry.js';
import { seedRegistry, writeSyntheticImages } from '../support/synthetic-image.js';

const BIN = fileURLToPath(new URL('../../bin/helm-airgap', import.meta.url));
let ecr: EcrStandin;
let src: RunningRegistry;
let work: string;
let env: Record<string, string>;

beforeAll(async () => {
  [ecr, src] = await Promise.all([startEcrStandin({ region: 'eu-west-1' }), startRegistry()]);
  work = await mkdtemp(join(tmpdir(), 'airgap-map-registries-'));
  await seedRegistry(src.host, await writeSyntheticImages(join(work, 'seed'), [{ name: 'team/app', tag: '1.0', layers: [{ seed: 'app', size: 2_000 }] }]));
  env = standinEnv(ecr, join(work, 'home'));
}, 60_000);
afterAll(async () => {
  await Promise.all([ecr?.stop(), src?.stop()]);
  await rm(work, { recursive: true, force: true });
});

const cli = (args: string[]) => execa(BIN, args, { reject: false, all: true, env, extendEnv: false });

describe('the map records how its destination is reached', () => {
  it('copy --type ecr --endpoint-url writes kind, endpoint and region; verify --map needs none of them again', async () => {
    const list = join(work, 'images.txt');
    await writeFile(list, `${src.host}/team/app:1.0\n`);
    const map = join(work, 'm.yaml');
    const c = await cli([
      'copy',
      '--from-file',
      list,
      `docker://${ecr.registryHost}/mirror`,
      '--type',
      'ecr',
      '--endpoint-url',
      ecr.apiEndpoint,
      '--region',
      ecr.region,
      '--write-map',
      map,
    ]);
    expect(c.exitCode, c.all).toBe(0);
    const text = await readFile(map, 'utf8');
    expect(parseImageMapFile(text, map).registries).toEqual([{ host: ecr.registryHost, kind: 'ecr', endpoint: ecr.apiEndpoint, region: 'eu-west-1' }]);
    expect(text).not.toContain(ecr.credentials.secretAccessKey);
    expect(text).not.toContain(ecr.credentials.accessKeyId);

    const v = await cli(['verify', '--map', map, '-o', 'json']);
    expect(v.exitCode, v.all).toBe(0);
    expect(JSON.parse(v.stdout).totals).toEqual({ present: 1, missing: 0, different: 0 });
    // the reader's flag wins: told it is a plain registry, verify meets ECR's 401
    const plain = await cli(['verify', '--map', map, '--type', 'oci']);
    expect(plain.exitCode).not.toBe(0);
    expect(plain.all).toMatch(/401|unauthori[sz]ed|denied/i);
  }, 60_000);

  it('the region from AWS_REGION is recorded too: verify --map in a shell without it reaches ECR', async () => {
    const list = join(work, 'images.txt');
    await writeFile(list, `${src.host}/team/app:1.0\n`);
    const map = join(work, 'from-env.map.yaml');
    const copy = ['copy', '--from-file', list, `docker://${ecr.registryHost}/envregion`, '--type', 'ecr', '--endpoint-url', ecr.apiEndpoint];
    const c = await execa(BIN, [...copy, '--write-map', map], { reject: false, all: true, env: { ...env, AWS_REGION: ecr.region }, extendEnv: false });
    expect(c.exitCode, c.all).toBe(0);
    // the repository it created is named once, in the report
    expect(c.all.split('\n').filter((l) => /created repository|^ {2}\+ /.test(l))).toEqual([
      `  + envregion/${src.host.replace(':', '-')}/team/app  (CreateRepository with the flags given)`,
    ]);
    expect(parseImageMapFile(await readFile(map, 'utf8'), map).registries).toEqual([
      { host: ecr.registryHost, kind: 'ecr', endpoint: ecr.apiEndpoint, region: 'eu-west-1' },
    ]);
    const v = await cli(['verify', '--map', map, '-o', 'json']);
    expect(v.exitCode, v.all).toBe(0);
    expect(JSON.parse(v.stdout).totals).toEqual({ present: 1, missing: 0, different: 0 });
  }, 60_000);

  it('values --map --check-registry reads the ECR tags with the login the map says to get (the AWS chain), no flag', async () => {
    const chart = join(work, 'chart');
    await mkdir(join(chart, 'templates'), { recursive: true });
    await writeFile(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: app\nversion: 0.1.0\n');
    await writeFile(join(chart, 'values.yaml'), `image: ${src.host}/team/app:1.0\n`);
    await writeFile(
      join(chart, 'templates', 'pod.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: {{ .Values.image }}\n',
    );
    const v = await cli(['values', chart, '--map', join(work, 'm.yaml'), '--check-registry', '--out-dir', join(work, 'values'), '-o', 'json']);
    expect(v.exitCode, v.all).toBe(0);
    expect(JSON.parse(v.stdout).registryCheck).toEqual({ checked: 1, missing: [], different: [] });
    // the same map without its registries: no login for ECR, and the check cannot run
    const bare = join(work, 'bare.yaml');
    await writeFile(bare, (await readFile(join(work, 'm.yaml'), 'utf8')).replace(/\nregistries:[\s\S]*$/, '\n'));
    const without = await cli(['values', chart, '--map', bare, '--check-registry', '--out-dir', join(work, 'values-bare')]);
    expect(without.exitCode, without.all).not.toBe(0);
    expect(without.all).toMatch(/401|unauthori[sz]ed|denied/i);
  }, 60_000);

  it('a map whose registries entry is not one names the file and the field', async () => {
    const bad = join(work, 'bad.yaml');
    await writeFile(bad, `images: []\nregistries:\n  - { host: x.example, kind: harbor }\n`);
    const r = await cli(['verify', '--map', bad]);
    expect(r.exitCode).toBe(2);
    expect(r.all).toContain('bad.yaml: registries[0].kind: expected one of ecr, ecr-public, oci');
  });
});
