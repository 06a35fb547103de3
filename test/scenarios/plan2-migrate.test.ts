// docs/plans/2-migrate.md (plan 2): a registry of 32 repositories behind htpasswd (logged in through
// docker's config, as `docker login` leaves it) migrated into ECR (the stand-in), the first run
// killed at a random point, the doc's re-run finishing it, then verify with the map the log left
// beside it: 0 missing. What landed is read back from the stand-in's storage with plain HTTP, not
// with our client.
import { watch } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseImageMap } from '../../src/bundle/image-map.js';
import { standinEnv, startEcrStandin, type EcrStandin } from '../support/ecr-standin/index.js';
import { htpasswdEntry, startRegistry, type RunningRegistry } from '../support/registry.js';
import { manyImages, servedDigest, startSeededSource, type SeededSource } from '../sync/sync-world.js';
import { commandsOf, DOC_ECR, helmShim, planBlocks, runScript, swapped, unmappedNamed, writeImageChart } from './doc-plans.js';

const REPOS = 32;
const OLD = { user: 'migrator', password: 'Old-Reg-Pw1' };
let src: SeededSource;
let old: RunningRegistry;
let ecr: EcrStandin;
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-plan2-'));
  // seeded open, then served from the same storage behind htpasswd (the seeding client speaks no auth)
  const data = join(work, 'old-data');
  src = await startSeededSource(manyImages('team', REPOS, 1), { rootDir: data });
  await src.registry.stop();
  old = await startRegistry({ rootDir: data, auth: { kind: 'basic', htpasswd: await htpasswdEntry(OLD.user, OLD.password) } });
  ecr = await startEcrStandin({ region: 'eu-west-1' });
  await mkdir(join(work, 'docker'), { recursive: true });
  const auth = Buffer.from(`${OLD.user}:${OLD.password}`).toString('base64');
  await writeFile(join(work, 'docker', 'config.json'), JSON.stringify({ auths: { [old.host]: { auth } } }));
}, 120_000);
afterAll(async () => {
  await old?.stop();
  await src?.stop();
  await ecr?.stop();
  await rm(work, { recursive: true, force: true });
});

describe('docs/plans/2-migrate.md (plan 2): migrate a whole registry', () => {
  it('killed once, re-run as the doc says, verify --map finds every tag', async () => {
    const [block, check, ...more] = await planBlocks(2);
    expect(more).toEqual([]);
    const ecrFlags = `--type ecr --region ${ecr.region}`;
    const script = swapped(block!, [
      ['docker://registry.old.example', `docker://${old.host}`],
      // verify --map as written: the map the sync left says the host is ECR, and in which region
      [`docker://${DOC_ECR}/migrated`, `docker://${ecr.registryHost}/migrated ${ecrFlags}`],
    ]);
    const [first, again, verify, ...rest] = commandsOf(script);
    expect(rest).toEqual([]);
    expect(first).toBe(again);
    const run = {
      cwd: work,
      env: {
        ...standinEnv(ecr, join(work, 'home'), { AWS_ENDPOINT_URL_ECR: ecr.apiEndpoint, CI: 'true', DOCKER_CONFIG: join(work, 'docker') }),
        PATH: `${await helmShim(work)}:${process.env.PATH}`,
      },
    };
    const log = join(work, 'migrate.log');
    await writeFile(log, '');
    const killAfter = 3 + Math.floor(Math.random() * (REPOS - 6));
    const child = runScript(`exec ${first}`, run);
    // killed as soon as the log shows `killAfter` finished tags: an event, not a timer
    const watcher = watch(log, async () => {
      const done = (await readFile(log, 'utf8')).split('\n').filter((l) => l && !l.startsWith('#'));
      if (done.length >= killAfter) child.kill('SIGKILL');
    });
    const killed = await child;
    watcher.close();
    expect(killed.signal, `${killed.all}\n(killed after ${killAfter})`).toBe('SIGKILL');

    const second = await runScript(again!, run);
    expect(second.exitCode, second.all).toBe(0);
    const checked = await runScript(verify!, run);
    expect(checked.exitCode, checked.all).toBe(0);
    expect(checked.all).toContain(`${REPOS} present, 0 missing, 0 different`);

    const map = parseImageMap(await readFile(join(work, 'migrate.map.yaml'), 'utf8'), 'migrate.map.yaml');
    expect(map).toHaveLength(REPOS);
    const [user, password] = ecr.backendCreds.split(':') as [string, string];
    for (const img of src.images) {
      const entry = map.find((e) => e.source === `${old.host}/${img.name}:${img.tag}`)!;
      expect(entry.destination).toBe(`${ecr.registryHost}/migrated/${img.name}:${img.tag}`);
      expect(entry.digest).toBe(img.digest);
      expect(await servedDigest(ecr.backend.host, `migrated/${img.name}`, img.tag, { user, password }), img.name).toBe(img.digest);
    }

    // the doc's check: a chart that also needs an image the old registry never held
    const own = src.images[0]!;
    await writeImageChart(join(work, 'shop'), [`${old.host}/${own.name}:${own.tag}`, 'docker.io/library/redis:7.2']);
    const strict = await runScript(commandsOf(check!)[0]!, run);
    expect(unmappedNamed(strict, ['docker.io/library/redis:7.2']), strict.all).toEqual({ exitCode: 3, named: ['docker.io/library/redis:7.2'] });
    expect(strict.all).toContain(`moved: ${old.host}/${own.name}:${own.tag} -> ${ecr.registryHost}/migrated/${own.name}:${own.tag}`);
  });
});
