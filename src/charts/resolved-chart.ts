// What resolving a chart gives: a local archive plus the facts the lock records.
import type { ChartMetadata } from '../helm/chart/types.js';

export type ChartSourceKind = 'repo' | 'oci' | 'local';

export interface ChartSource {
  kind: ChartSourceKind;
  /** HTTP(S) repository URL (kind repo), never with credentials. */
  repo?: string;
  /** oci://host/path/name (kind oci). */
  ref?: string;
  /** Local path as given (kind local). */
  path?: string;
  /** The archive URL the chart came from (kind repo). */
  url?: string;
}

export interface ResolvedChart {
  name: string;
  version: string;
  appVersion?: string;
  /** sha256:<hex> of the archive. */
  digest: string;
  /** The archive in the content-addressed cache. */
  archivePath: string;
  source: ChartSource;
  metadata: ChartMetadata;
  /** For oci charts: the manifest and config exactly as the registry served them (so digests survive). */
  ociArtifact?: ChartArtifactBlobs;
  /** Dependencies fetched into charts/ (the archive above is then the built one). */
  fetchedDependencies?: FetchedDependency[];
  /** Digest of the archive before dependencies were vendored into it. */
  sourceDigest?: string;
}

export interface RawBlob {
  mediaType: string;
  digest: string;
  size: number;
  bytes: Uint8Array;
}

export interface ChartArtifactBlobs {
  manifest: RawBlob;
  config: RawBlob;
}

export interface FetchedDependency {
  name: string;
  version: string;
  repository: string;
  digest: string;
}

/** What to resolve: a chart name with `repo`, an oci:// reference, or a local folder/archive path. */
export interface ChartRequest {
  chart: string;
  repo?: string;
  version?: string;
  /** Allow prerelease versions when the constraint has none (Helm --devel). */
  devel?: boolean;
}
