// docs/push-sharding.md's two Kubernetes Indexed Jobs, run as written: each manifest is read from
// the page, its shard count checked against `completions`, and every pod's command run through a
// real `sh -c` with that pod's JOB_COMPLETION_INDEX and the container's `env` (Secrets supplied
// here), `helm-airgap` on PATH being this checkout's CLI. Only what cannot exist here is swapped:
// the ECR host for the ECR stand-in (with --type/--region, which the real host name implies), the
// old registry's host for a docker-registry behind htpasswd, the volumes for temp folders. All
// shards together must copy every item exactly once, and a second run of every pod finds all of
// it in place.
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { standinEnv, startEcrStandin, type EcrStandin } from '../support/ecr-standin/index.js';
import { htpasswdEntry, startRegistry } from '../support/registry.js';
import { manyImages, startSeededSource, type SeededSource } from '../sync/sync-world.js';
import { writeFixtureBundle, type FixtureBundle } from './fixture-bundle.js';

const ROOT = resolve(import.meta.dirname, '../..');
const DOC_ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const DOC_MSR = 'msr.example.internal';
const MSR = { user: 'msr-reader', password: 'Msr-Pa55' };

interface JobDoc {
  spec: {
    completionMode: string;
    completions: number;
    template: {
      spec: {
        containers: {
          command: string[];
          args: string[];
          env?: { name: string; value?: string; valueFrom?: { secretKeyRef: { name: string; key: string } } }[];
        }[];
      };
    };
  };
}

async function jobsOfDoc(): Promise<Map<string, JobDoc>> {
  const text = await readFile(join(ROOT, 'docs/push-sharding.md'), 'utf8');
  const jobs = new Map<string, JobDoc>();
  for (const m of text.matchAll(/```yaml\n([\s\S]*?)```/g)) {
    for (const d of parseAllDocuments(m[1]!)) {
      const o = d.toJSON() as JobDoc & { kind?: string; metadata?: { name: string } };
      if (o?.kind === 'Job') jobs.set(o.metadata!.name, o);
    }
  }
  return jobs;
}

let work: string;
let ecr: EcrStandin;
let shim: string;
let jobs: Map<string, JobDoc>;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'airgap-sharding-doc-'));
  ecr = await startEcrStandin({ region: 'eu-west-1' });
  shim = join(work, 'bin');
  await mkdir(shim);
  await writeFile(join(shim, 'helm-airgap'), `#!/bin/sh\nexec "${join(ROOT, 'bin/helm-airgap')}" "$@"\n`);
  await chmod(join(shim, 'helm-airgap'), 0o755);
  jobs = await jobsOfDoc();
});
afterAll(async () => {
  await ecr?.stop();
  await rm(work, { recursive: true, force: true });
});

/** Runs pod I of a Job: its command with its env, the doc's hosts and paths swapped for local ones. */
async function runPod(job: JobDoc, index: number, swap: [string, string][], secrets: Record<string, Record<string, string>>, extraEnv: Record<string, string>) {
  const c = job.spec.template.spec.containers[0]!;
  expect(c.command).toEqual(['sh', '-c']);
  let script = c.args[0]!;
  for (const [from, to] of swap) script = script.split(from).join(to);
  const env: Record<string, string> = {
    ...standinEnv(ecr, join(work, `home-${index}`)),
    PATH: `${shim}:${process.env.PATH}`,
    JOB_COMPLETION_INDEX: String(index),
  };
  for (const e of c.env ?? []) {
    const v = e.value ?? secrets[e.valueFrom!.secretKeyRef.name]?.[e.valueFrom!.secretKeyRef.key];
    if (v === undefined) throw new Error(`env ${e.name}: no value and no Secret given`);
    env[e.name] = v;
  }
  Object.assign(env, extraEnv);
  await mkdir(env.HOME!, { recursive: true });
  const r = await execa('sh', ['-c', script], { reject: false, env, extendEnv: false });
  expect(r.exitCode, `pod ${index}: ${r.stderr} ${r.stdout}`).toBe(0);
  return JSON.parse(r.stdout) as { items: { target: string; status?: string; result?: string }[] };
}

function shardCount(job: JobDoc): number {
  const m = /--shard "\$\{JOB_COMPLETION_INDEX\}\/(\d+)"/.exec(job.spec.template.spec.containers[0]!.args[0]!);
  expect(m, 'the command shards by JOB_COMPLETION_INDEX').not.toBeNull();
  return Number(m![1]);
}

describe('docs/push-sharding.md: the Indexed Jobs as written', () => {
  it('the push Job: N = completions pods push the whole bundle, each item exactly once', async () => {
    const job = jobs.get('airgap-push')!;
    expect(job.spec.completionMode).toBe('Indexed');
    const n = shardCount(job);
    expect(n).toBe(job.spec.completions);
    const bundle: FixtureBundle = await writeFixtureBundle(
      join(work, 'push'),
      Array.from({ length: 12 }, (_, i) => ({ name: `quay.io/org/app-${i % 9}`, tag: `1.${i}`, layers: [{ seed: `l${i}`, size: 4_000 }] })),
      [{ name: 'app', version: '1.0.0' }],
    );
    const swap: [string, string][] = [
      [`--registry ${DOC_ECR}/mirrored`, `--registry ${ecr.registryHost}/mirrored --type ecr --region ${ecr.region}`],
      ['/bundle/bundle.tar', bundle.file],
    ];
    const extra = { AWS_ENDPOINT_URL_ECR: ecr.apiEndpoint, XDG_CACHE_HOME: join(work, 'push-cache') };
    const pods = await Promise.all(Array.from({ length: n }, (_, i) => runPod(job, i, swap, {}, extra)));
    const targets = pods.flatMap((p) => p.items.map((i) => i.target));
    expect(new Set(targets).size, 'no item in two shards').toBe(targets.length);
    expect(targets).toHaveLength(12 + 1);
    expect(pods.flatMap((p) => p.items.filter((i) => i.status !== 'pushed'))).toEqual([]);
    // a Job retry of every index: everything already there
    const again = await Promise.all(Array.from({ length: n }, (_, i) => runPod(job, i, swap, {}, extra)));
    expect(again.flatMap((p) => p.items.map((i) => i.status)).every((s) => s === 'present')).toBe(true);
  });

  it('the sync Job: N pods migrate every repository and tag of the old registry, each tag exactly once', async () => {
    const job = jobs.get('airgap-sync')!;
    expect(job.spec.completionMode).toBe('Indexed');
    const n = shardCount(job);
    expect(n).toBe(job.spec.completions);
    // seeded open, then served from the same storage behind htpasswd (the seeding client speaks no auth)
    const data = join(work, 'msr-data');
    const seeded: SeededSource = await startSeededSource(manyImages('team', 10, 2), { rootDir: data });
    await seeded.registry.stop();
    const msr = await startRegistry({ rootDir: data, auth: { kind: 'basic', htpasswd: await htpasswdEntry(MSR.user, MSR.password) } });
    const src = { registry: msr, images: seeded.images, stop: async () => (await msr.stop(), await seeded.stop()) };
    try {
      const logs = join(work, 'logs');
      await mkdir(logs);
      const swap: [string, string][] = [
        [`docker://${DOC_MSR}/team`, `docker://${src.registry.host}/team`],
        [`docker://${DOC_ECR}/migrated`, `docker://${ecr.registryHost}/migrated --type ecr --region ${ecr.region}`],
        ['/logs/', `${logs}/`],
      ];
      const secrets = { 'msr-login': { username: MSR.user, password: MSR.password } };
      const extra = { AWS_ENDPOINT_URL_ECR: ecr.apiEndpoint };
      const pods = await Promise.all(Array.from({ length: n }, (_, i) => runPod(job, i, swap, secrets, extra)));
      const targets = pods.flatMap((p) => p.items.map((i) => i.target));
      expect(new Set(targets).size, 'no tag in two shards').toBe(targets.length);
      expect(targets.sort()).toEqual(src.images.map((i) => `${ecr.registryHost}/migrated/${i.name.replace(/^team\//, '')}:${i.tag}`).sort());
      expect(pods.flatMap((p) => p.items.filter((i) => i.result !== 'copied'))).toEqual([]);
      for (let i = 0; i < n; i++) {
        const lines = (await readFile(join(logs, `sync-${i}.log`), 'utf8')).trim().split('\n');
        expect(lines.filter((l) => !l.startsWith('#'))).toHaveLength(pods[i]!.items.length);
        expect(lines.at(-1)).toMatch(new RegExp(`summary: ${pods[i]!.items.length} copied, 0 present, 0 failed`));
      }
      const again = await Promise.all(Array.from({ length: n }, (_, i) => runPod(job, i, swap, secrets, extra)));
      expect(again.flatMap((p) => p.items.map((i) => i.result)).every((s) => s === 'present')).toBe(true);
    } finally {
      await src.stop();
    }
  });
});
