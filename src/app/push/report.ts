import type { SignatureCheck } from '../../bundle/signature/check.js';
import type { SignatureRecheck } from '../../trust/recheck-bundle.js';
// What `push` reports: per item and in total (the JSON document of `push -o json`).
import type { RepositoriesReport } from '../../ecr/repositories.js';
import type { Shard, TargetKind } from './plan.js';

export interface PushItemReport {
  kind: 'image' | 'chart';
  source: string;
  target: string;
  digest: string;
  /** kept: --on-existing-tag skip left the target's other content under the tag (error says which). */
  status: 'pushed' | 'present' | 'failed' | 'planned' | 'kept';
  blobsUploaded: number;
  blobsPresent: number;
  blobsMounted: number;
  bytesUploaded: number;
  /** --sparse-index rewrite: the bundle's index digest that the pushed `target` digest replaces. */
  rewrittenFrom?: string;
  /** Signatures, SBOMs, attestations pushed with the image. */
  artifacts?: number;
  error?: string;
}

export interface PushReport {
  bundle: string;
  /** --key: who signed the bundle (checked before anything else). */
  signature?: SignatureCheck;
  /** --verify-signatures: each image's and chart's verdict, which policy entry and key verified it, and who vouched for the keys. */
  imageSignatures?: SignatureRecheck;
  target: { kind: TargetKind; registry: string; prefix: string };
  shard: Shard;
  dryRun: boolean;
  verified: { manifests: number; blobs: number; bytes: number; cached: boolean };
  repositories: RepositoriesReport;
  items: PushItemReport[];
  totals: {
    /** `planned` is set by --dry-run (items that would be pushed or checked). */
    images: ItemCounts;
    charts: ItemCounts;
    blobsUploaded: number;
    blobsPresent: number;
    blobsMounted: number;
    bytesUploaded: number;
    /** --dry-run: bytes the push would upload (blobs missing from the target). */
    bytesToUpload?: number;
  };
  durationMs: number;
  /** --write-map: the image map written. */
  mapFile?: string;
}

export interface ItemCounts {
  pushed: number;
  present: number;
  failed: number;
  /** --on-existing-tag skip: tags left on other content. */
  kept?: number;
  planned?: number;
}
