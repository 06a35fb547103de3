// `helm airgap login` reads the AWS settings the AWS CLI reads, against the ECR stand-in (real
// AWS SDK; the stand-in checks the region each request is signed for): a host name without a
// region (a stand-in, a VPC endpoint alias, custom DNS) takes --region, else AWS_REGION, else
// AWS_DEFAULT_REGION, else the profile's region; and `login --registry public.ecr.aws`, as the
// docs/guide/login.md writes it, logs in to ECR Public (its token is account-wide: no alias needed).
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { standinEnv, startEcrStandin, type EcrStandin } from '../support/ecr-standin/index.js';

const BIN = new URL('../../bin/helm-airgap', import.meta.url).pathname;

describe('login: the AWS region and ECR Public as the AWS CLI has them', () => {
  let ecr: EcrStandin;
  let pub: EcrStandin;
  let work: string;
  let configFile: string;
  const run = (args: string[], extra: Record<string, string> = {}) =>
    execa(BIN, args, {
      reject: false,
      extendEnv: false,
      env: standinEnv(ecr, work, { DOCKER_CONFIG: join(work, 'docker'), HELM_REGISTRY_CONFIG: join(work, 'helm.json'), ...extra }),
    });
  // the stand-in's host carries no region, as a VPC endpoint alias or a custom DNS name
  const flags = () => ['login', '--print', '--registry', ecr.registryHost, '--type', 'ecr', '--endpoint-url', ecr.apiEndpoint];

  beforeAll(async () => {
    [ecr, pub] = await Promise.all([startEcrStandin({ region: 'eu-central-1' }), startEcrStandin({ mode: 'public' })]);
    work = await mkdtemp(join(tmpdir(), 'login-aws-'));
    configFile = join(work, 'aws-config');
    // a named profile brings its own keys (the SDK reads no environment keys once a profile is named)
    const keys = `aws_access_key_id = ${ecr.credentials.accessKeyId}\naws_secret_access_key = ${ecr.credentials.secretAccessKey}\n`;
    await writeFile(configFile, `[default]\nregion = eu-central-1\n${keys}[profile wrong]\nregion = us-west-2\n${keys}`);
  });
  afterAll(async () => {
    await ecr?.stop();
    await pub?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it.each<[string, string[], Record<string, string>, 'ok' | RegExp]>([
    ['--region', ['--region', 'eu-central-1'], { AWS_REGION: 'us-west-2' }, 'ok'],
    ['AWS_REGION', [], { AWS_REGION: 'eu-central-1', AWS_DEFAULT_REGION: 'us-west-2' }, 'ok'],
    ['AWS_DEFAULT_REGION', [], { AWS_DEFAULT_REGION: 'eu-central-1' }, 'ok'],
    ["the default profile's region (AWS_CONFIG_FILE)", [], { AWS_CONFIG_FILE: 'CFG' }, 'ok'],
    ["AWS_PROFILE's region is used, and the stand-in refuses its signature", [], { AWS_CONFIG_FILE: 'CFG', AWS_PROFILE: 'wrong' }, /us-west-2/],
    ['--profile over AWS_PROFILE', ['--profile', 'default'], { AWS_CONFIG_FILE: 'CFG', AWS_PROFILE: 'wrong' }, 'ok'],
    ['none: a usage error naming what to set', [], { AWS_CONFIG_FILE: 'NONE' }, /pass --region, or set AWS_REGION/],
  ])('%s', async (_name, args, vars, want) => {
    const env = { ...vars, ...(vars.AWS_CONFIG_FILE ? { AWS_CONFIG_FILE: vars.AWS_CONFIG_FILE === 'CFG' ? configFile : join(work, 'none') } : {}) };
    const r = await run([...flags(), ...args], env);
    if (want === 'ok') {
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stdout.trim().length).toBeGreaterThan(10);
    } else {
      expect(r.exitCode).not.toBe(0);
      expect(r.stderr).toMatch(want);
    }
  });

  it('a host name with a region keeps it over AWS_REGION', async () => {
    // the ECR host names eu-central-1; the API endpoint is the stand-in that checks the signature's region
    const host = '123456789012.dkr.ecr.eu-central-1.amazonaws.com';
    const r = await run(['login', '--print', '--registry', host, '--endpoint-url', ecr.apiEndpoint], { AWS_REGION: 'us-west-2' });
    expect(r.exitCode, r.stderr).toBe(0);
  });

  it('login --registry public.ecr.aws, as docs/guide/login.md shows it, writes the ECR Public login', async () => {
    const home = join(work, 'public');
    await mkdir(home);
    const r = await execa(BIN, ['-o', 'json', 'login', '--registry', 'public.ecr.aws', '--endpoint-url', pub.apiEndpoint], {
      reject: false,
      extendEnv: false,
      env: standinEnv(pub, home, { DOCKER_CONFIG: join(home, 'docker'), HELM_REGISTRY_CONFIG: join(home, 'helm.json') }),
    });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ host: 'public.ecr.aws', username: 'AWS' });
    for (const f of [join(home, 'docker', 'config.json'), join(home, 'helm.json')]) {
      const auth = Buffer.from(JSON.parse(await readFile(f, 'utf8')).auths['public.ecr.aws'].auth, 'base64').toString();
      expect(auth).toMatch(/^AWS:.{8,}/);
      expect(r.stdout + r.stderr).not.toContain(auth.slice(4));
    }
  });
});
