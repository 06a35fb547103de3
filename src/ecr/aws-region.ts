// The AWS region as the AWS CLI finds it, for an ECR endpoint whose host name carries none (a VPC
// endpoint alias, a custom DNS name, a stand-in): AWS_REGION, then AWS_DEFAULT_REGION, then the
// `region` of the profile (--profile, else AWS_PROFILE, else default) in the config file
// (AWS_CONFIG_FILE, else ~/.aws/config). --region and a region in the host name come first; the
// caller decides that.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Where the region came from, for messages. */
export interface FoundRegion {
  region: string;
  from: string;
}

/** The `region` of a profile in an AWS config file's text ([default] or [profile NAME]). */
export function profileRegion(ini: string, profile: string): string | undefined {
  const wanted = profile === 'default' ? ['default', 'profile default'] : [`profile ${profile}`];
  let inWanted = false;
  let found: string | undefined;
  for (const raw of ini.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (section) {
      inWanted = wanted.includes(section[1]!.replace(/\s+/g, ' '));
      continue;
    }
    const kv = /^([A-Za-z0-9_]+)\s*=\s*(.*)$/.exec(line);
    // a later section of the same name adds to (and overrides) the earlier one, as the CLI reads it
    if (inWanted && kv && kv[1]!.toLowerCase() === 'region' && kv[2]!.trim() !== '') found = kv[2]!.replace(/\s+[#;].*$/, '').trim();
  }
  return found;
}

/** The region of the environment: AWS_REGION, AWS_DEFAULT_REGION, then the profile's; undefined if none. */
export async function environmentRegion(env: NodeJS.ProcessEnv, o: { profile?: string; home: string }): Promise<FoundRegion | undefined> {
  for (const name of ['AWS_REGION', 'AWS_DEFAULT_REGION']) {
    const v = env[name]?.trim();
    if (v) return { region: v, from: name };
  }
  const profile = o.profile || env.AWS_PROFILE || 'default';
  const file = env.AWS_CONFIG_FILE || join(o.home, '.aws', 'config');
  const text = await readFile(file, 'utf8').catch(() => undefined);
  const region = text === undefined ? undefined : profileRegion(text, profile);
  return region ? { region, from: `profile ${profile} of ${file}` } : undefined;
}
