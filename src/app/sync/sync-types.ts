// What `helm airgap sync` is asked, reads of its source and reports (sync.ts runs it; source.ts
// reads the source, log-file.ts and skopeo-yaml.ts write and read the same shapes).
import type { TargetKind } from '../../ecr/target.js';
import type { Credential, CredentialProvider } from '../../registry/credentials.js';
import type { GoRegexp } from '../../sprig/regex.js';
import type { Ctx } from '../../util/ctx.js';
import type { Secret } from '../../util/secret.js';
import type { DestinationOptions } from '../../ecr/destination.js';
import type { RepositoriesReport } from '../../ecr/repositories.js';
import type { Shard } from '../push/plan.js';
import type { NamingMode } from '../../ecr/naming.js';
import type { MapPlatform } from '../../bundle/image-map.js';

export interface SyncOptions extends DestinationOptions {
  source: string;
  /** docker://HOST[/PREFIX] or HOST[/PREFIX]. */
  destination: string;
  targetKind?: TargetKind;
  naming?: NamingMode;
  include?: string[];
  exclude?: string[];
  concurrency?: number;
  /** The most tags listed in one repository and planned in all (default DEFAULT_MAX_TAGS). */
  maxTags?: number;
  keepGoing?: boolean;
  dryRun?: boolean;
  logFile?: string;
  /** Where each tag went (bundle/image-map.ts); default with --log-file: beside it, as LOG.map.yaml. */
  writeMap?: string;
  shard?: Shard;
  /** Logins for the source side (docker and Helm configs). */
  sourceCredentials?: CredentialProvider;
  /** The source side's own login (--src-creds...), for the source's registries and their mirrors only. */
  sourceLogin?: Credential;
  /** The destination's own login (--dest-creds...), for the destination's host only. */
  destinationLogin?: Credential;
  sourceInsecure?: string[];
  /** Registry → where to fetch it from, names kept (copy's --mirror; registry/client.ts). */
  mirrors?: Record<string, string>;
  ctx?: Ctx;
}

/** `cancelled`: in flight when another tag failed without --keep-going, or when Ctrl-C or SIGTERM came: stopped so the run ends at once. */
export type SyncResult = 'copied' | 'present' | 'failed' | 'planned' | 'cancelled';

export interface SyncItemReport {
  source: string;
  target: string;
  digest?: string;
  result: SyncResult;
  /** Bytes this item moved (a blob shared with an earlier item counts there); planned: its size. */
  bytes: number;
  error?: string;
  /** The platform children of an index, for the image map. */
  platforms?: MapPlatform[];
}

export interface SyncReport {
  source: string;
  destination: string;
  dryRun: boolean;
  items: SyncItemReport[];
  totals: Record<SyncResult, number> & { bytes: number; filteredOut: number; repositories: number; created: number };
  /** The destination repositories, as push reports them (ECR: created before the first upload). */
  repositories: RepositoriesReport;
  /** The image map written (--write-map, or beside --log-file). */
  mapFile?: string;
}

export interface SyncRepoSpec {
  registry: string;
  repository: string;
  /** Where it was named ("list.txt:3", "sync.yaml: quay.io/etcd"), for errors. */
  where: string;
  /** Only these tags or digests; absent: every tag the repository lists. */
  refs?: string[];
  tagRegex?: GoRegexp;
  /** A semver range tags must satisfy (tags that are not versions are left out). */
  semver?: string;
}

export interface SyncSource {
  /** The registry path the source names (P of docker://HOST/P); "" for files. */
  below: string;
  /** Repositories with what to take of each (refs, filters); `catalog` means list the registry. */
  repos: SyncRepoSpec[];
  catalog?: { registry: string; prefix: string };
  credentials: Map<string, { username: string; password: Secret }>;
  insecure: string[];
  text: string;
  /** A skopeo file's cert-dir per registry host. */
  certDirs?: Map<string, string>;
  /** A skopeo file's `# helm-airgap origin:` lines: LOCATION → the registry whose images it serves. */
  origins?: Map<string, string>;
  /** A skopeo file's `# helm-airgap mirror:` lines: registry → where to fetch it, names kept. */
  mirrors?: Record<string, string>;
}
