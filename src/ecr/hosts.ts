// Which kind of registry a push target is, read from its host name alone (pure). ECR hosts carry
// the account and region, and their DNS suffix names the partition; those decide which API
// endpoint and which credentials the SDK uses. Anything unrecognised is a plain OCI registry.

export type AwsPartition = 'aws' | 'aws-cn' | 'aws-us-gov' | 'aws-iso' | 'aws-iso-b' | 'aws-iso-e' | 'aws-iso-f';

export interface EcrPrivateHost {
  kind: 'ecr';
  host: string;
  account: string;
  region: string;
  partition: AwsPartition;
  fips: boolean;
  dualStack: boolean;
}

export interface EcrPublicHost {
  kind: 'ecr-public';
  host: string;
  /** ECR Public's API lives in us-east-1 only (its tokens work for every region). */
  region: 'us-east-1';
  partition: 'aws';
}

export interface OciHost {
  kind: 'oci';
  host: string;
}

export type RegistryHost = EcrPrivateHost | EcrPublicHost | OciHost;

/** DNS suffix → partition. Order matters only in that no suffix is a suffix of another. */
const PARTITION_SUFFIXES: ReadonlyArray<readonly [string, AwsPartition]> = [
  ['amazonaws.com.cn', 'aws-cn'],
  ['amazonaws.com', 'aws'],
  ['c2s.ic.gov', 'aws-iso'],
  ['sc2s.sgov.gov', 'aws-iso-b'],
  ['cloud.adc-e.uk', 'aws-iso-e'],
  ['csp.hci.ic.gov', 'aws-iso-f'],
  // dual-stack registry endpoints ("<account>.dkr-ecr.<region>.on.aws") live under on.aws
  ['on.aws', 'aws'],
];

const SUFFIX_RE = PARTITION_SUFFIXES.map(([s]) => s.replace(/\./g, '\\.')).join('|');

/** One row per host shape ECR serves the /v2/ API on (protocols.md §5.1). */
const ECR_HOST_PATTERNS: ReadonlyArray<{ re: RegExp; fips: boolean; dualStack: boolean }> = [
  { re: new RegExp(`^(\\d{12})\\.dkr\\.ecr\\.([a-z0-9-]+)\\.(${SUFFIX_RE})$`), fips: false, dualStack: false },
  { re: new RegExp(`^(\\d{12})\\.dkr\\.ecr-fips\\.([a-z0-9-]+)\\.(${SUFFIX_RE})$`), fips: true, dualStack: false },
  { re: /^(\d{12})\.dkr-ecr\.([a-z0-9-]+)\.(on\.aws)$/, fips: false, dualStack: true },
  { re: /^(\d{12})\.dkr-ecr-fips\.([a-z0-9-]+)\.(on\.aws)$/, fips: true, dualStack: true },
];

export const ECR_PUBLIC_HOST = 'public.ecr.aws';

/** Classifies a registry host ("host[:port]", any case). */
export function parseRegistryHost(host: string): RegistryHost {
  const h = host.toLowerCase();
  if (h === ECR_PUBLIC_HOST) return { kind: 'ecr-public', host: h, region: 'us-east-1', partition: 'aws' };
  for (const p of ECR_HOST_PATTERNS) {
    const m = p.re.exec(h);
    if (!m) continue;
    const [, account, region, suffix] = m as unknown as [string, string, string, string];
    return { kind: 'ecr', host: h, account, region, partition: toPartition(suffix, region), fips: p.fips, dualStack: p.dualStack };
  }
  return { kind: 'oci', host };
}

function toPartition(suffix: string, region: string): AwsPartition {
  const byName = PARTITION_SUFFIXES.find(([s]) => s === suffix)?.[1] ?? 'aws';
  // GovCloud shares the commercial DNS suffix; only the region tells them apart
  return byName === 'aws' && region.startsWith('us-gov-') ? 'aws-us-gov' : byName;
}

export function isEcrHost(host: string): boolean {
  return parseRegistryHost(host).kind !== 'oci';
}
