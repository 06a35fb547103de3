// Optional images behind switches the chart refuses alone (bitnamish's cloneFromGit asks for the
// repository to clone, by `required` in the template and `fail` in NOTES.txt), and behind a
// sidecar whose registry only the empty global.imageRegistry sets (redis sentinel's
// `global.imageRegistry | default "docker.io"`): `values --include-optional` moves both, and its
// toggled proof renders pass; the registry is not written twice.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../discover/run-cli.js';

const CHART = join(import.meta.dirname, '../../fixtures/discover/charts/bitnamish');
const TARGET = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror';
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'airgap-optional-refused-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('values --include-optional with refused switches and global-only registries', () => {
  it('moves the refused switch’s image and the sentinel under one registry, proven by re-render', async () => {
    const out = join(dir, 'out');
    const r = await runCli(['values', CHART, '--registry', TARGET, '-o', out, '--include-optional'], { HOME: dir, HELM_AIRGAP_CACHE: join(dir, 'cache') });
    expect(r.exitCode, r.stderr).toBe(0);
    const v = parse(await readFile(join(out, 'bitnamish.values.yaml'), 'utf8'));
    expect(v.global.imageRegistry).toBe('123456789012.dkr.ecr.eu-west-1.amazonaws.com');
    expect(v.cloneFromGit.image.repository).toBe('mirror/docker.io/bitnami/git');
    expect(v.redis.sentinel.image.repository).toBe('mirror/docker.io/bitnami/redis-sentinel');
  });
});
