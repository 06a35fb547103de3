// What `helm airgap copy` is asked and reports (copy.ts runs it; plan.ts and provision.ts read
// the same options).
import type { Ctx } from '../../util/ctx.js';
import type { Platform } from '../../oci/content.js';
import type { RegistryClientOptions } from '../../registry/client.js';
import type { DestinationOptions } from '../../ecr/destination.js';
import type { RepositoriesReport } from '../../ecr/repositories.js';
import type { TargetKind } from '../../ecr/target.js';
import type { NamingMode } from '../../ecr/naming.js';
import type { MapEntry } from '../../bundle/image-map.js';

export interface CopyItem {
  /** Where the image is fetched from. */
  src: string;
  /** The image's own reference when `src` is only where it is now (a map's destination, copy
   * --from-map): it names the image below a prefix destination and in --write-map, as --mirror's
   * sources are named by their own names and not by the mirror. */
  name?: string;
  /** Where this item goes; default: CopyOptions.destination. */
  dst?: string;
  /** "list.txt:4", named in errors. */
  where?: string;
}

export interface CopyOptions extends Pick<DestinationOptions, 'aws' | 'repositorySettings'> {
  items: CopyItem[];
  /** For items without their own dst. With many items, or a list, a docker:// destination is a prefix. */
  destination?: string;
  /** The items came from a list: even one of them names its destination below the prefix. */
  fromList?: boolean;
  /** How sources are named below a prefix destination (default full, as for every list). */
  naming?: NamingMode;
  /** Write where each image went (bundle/image-map.ts), also after a partial failure. */
  writeMap?: string;
  /** Keep only these platforms of an index (its bytes and digest stay; see platform-filter.ts). */
  platforms?: Platform[];
  concurrency?: number;
  withReferrers?: boolean;
  /** The kind of every destination registry (default: from its host name); ECR ones get their
   * repositories created first, with `repositorySettings`, as push creates them. */
  targetKind?: TargetKind;
  /** Credentials, mirrors, insecure hosts for registries. */
  registry?: RegistryClientOptions;
  ctx?: Ctx;
}

export interface CopyItemReport {
  source: string;
  destination: string;
  digest: string;
  mediaType: string;
  platforms: string[];
  referrers: number;
  /** A registry destination: where the image went, for --write-map. */
  mapEntry?: MapEntry;
}

export interface CopyReport {
  items: CopyItemReport[];
  failures: { item: string; error: string }[];
  blobsCopied: number;
  blobsSkipped: number;
  /** Blobs a registry linked from another repository instead of receiving them again. */
  blobsMounted: number;
  bytesCopied: number;
  archive?: { file: string; bytes: number };
  /** --write-map: the image map written. */
  mapFile?: string;
  /** Repositories of ECR destinations, as push reports them (absent when no destination is ECR). */
  repositories?: RepositoriesReport;
}
