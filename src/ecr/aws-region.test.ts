import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { environmentRegion, profileRegion } from './aws-region.js';

const CONFIG = `# AWS CLI config
[default]
region = eu-west-1
output = json

[profile ci]
region=ap-southeast-2 ; a comment
[profile empty]
region =
[sso-session corp]
region = us-west-2
[profile ci]
role_arn = arn:aws:iam::123456789012:role/x
`;

describe('profileRegion (~/.aws/config)', () => {
  it.each([
    ['default', 'eu-west-1'],
    ['ci', 'ap-southeast-2'],
    ['empty', undefined],
    ['corp', undefined],
    ['missing', undefined],
  ])('profile %s → %s', (profile, want) => {
    expect(profileRegion(CONFIG, profile)).toBe(want);
  });
  it('[profile default] counts as the default profile', () => {
    expect(profileRegion('[profile default]\nregion = sa-east-1\n', 'default')).toBe('sa-east-1');
  });
});

describe('environmentRegion: as the AWS CLI reads it', () => {
  let home: string;
  let configFile: string;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'aws-region-'));
    configFile = join(home, 'other-config');
    await writeFile(configFile, CONFIG);
    await writeFile(join(home, 'home-config'), '[default]\nregion = ca-central-1\n');
  });
  afterAll(async () => rm(home, { recursive: true, force: true }));

  it.each<[string, Record<string, string>, string | undefined, string | undefined, RegExp | undefined]>([
    ['AWS_REGION first', { AWS_REGION: 'us-east-2', AWS_DEFAULT_REGION: 'us-west-1', AWS_CONFIG_FILE: 'CFG' }, undefined, 'us-east-2', /AWS_REGION/],
    ['then AWS_DEFAULT_REGION', { AWS_DEFAULT_REGION: 'us-west-1', AWS_CONFIG_FILE: 'CFG' }, undefined, 'us-west-1', /AWS_DEFAULT_REGION/],
    ["then the default profile's", { AWS_CONFIG_FILE: 'CFG' }, undefined, 'eu-west-1', /profile default/],
    ['AWS_PROFILE picks the profile', { AWS_CONFIG_FILE: 'CFG', AWS_PROFILE: 'ci' }, undefined, 'ap-southeast-2', /profile ci/],
    ['--profile over AWS_PROFILE', { AWS_CONFIG_FILE: 'CFG', AWS_PROFILE: 'ci' }, 'default', 'eu-west-1', /profile default/],
    ['a profile without a region: none', { AWS_CONFIG_FILE: 'CFG', AWS_PROFILE: 'empty' }, undefined, undefined, undefined],
    ['no config file: none', { AWS_CONFIG_FILE: 'NONE' }, undefined, undefined, undefined],
    ['an empty AWS_REGION is not a region', { AWS_REGION: ' ', AWS_CONFIG_FILE: 'CFG' }, undefined, 'eu-west-1', /profile default/],
  ])('%s', async (_name, vars, profile, want, from) => {
    const env = { ...vars, AWS_CONFIG_FILE: vars.AWS_CONFIG_FILE === 'CFG' ? configFile : join(home, 'none') };
    const found = await environmentRegion(env, { profile, home });
    expect(found?.region).toBe(want);
    if (from) expect(found?.from).toMatch(from);
  });

  it('without AWS_CONFIG_FILE: ~/.aws/config', async () => {
    const h = await mkdtemp(join(tmpdir(), 'aws-home-'));
    await (await import('node:fs/promises')).mkdir(join(h, '.aws'));
    await writeFile(join(h, '.aws', 'config'), '[default]\nregion = me-south-1\n');
    expect(await environmentRegion({}, { home: h })).toEqual({ region: 'me-south-1', from: `profile default of ${join(h, '.aws', 'config')}` });
    await rm(h, { recursive: true, force: true });
  });
});
