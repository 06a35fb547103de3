// What `helm airgap values` takes and reports (values.ts runs it; its helpers and the CLI read these).
import type { ImageSite } from '../../discover/image-site.js';
import type { MappingNaming } from '../../overrides/image-mapping.js';
import type { BundleTrust, SignatureCheck } from '../../bundle/signature/check.js';
import type { ChartSpec } from '../../bundle/spec.js';
import type { RegistryCheck } from './check-registry.js';
import type { RegistryClientOptions } from '../../registry/client.js';
import type { KustomizeReport } from './kustomize.js';
import type { UmbrellaReport } from './umbrella.js';
import type { ChartArgs, ValuesRelease } from '../../overrides/values-sources.js';
import type { HardcodedImage, ImageOverride, PathConflict, UnpinnedImage } from '../../overrides/values-writer.js';
import type { VerifyProblem } from '../../overrides/verify.js';
import type { SubstitutionAsk } from '../../overrides/substitution-asks.js';
import type { ImageAccounting } from '../../overrides/image-accounting.js';
import type { Renderer } from '../../helm/engine/renderer.js';
import type { HelmFollowed, HelmLine } from '../../helm/engine/defaults.js';

/**
 * values: one file per release. umbrella-values: one file an umbrella chart takes with -f, each
 * chart's override under its dependency key. charts-map: `charts.<release>.{repository,version,values}`
 * for a bootstrapper that installs each chart itself. umbrella: the old name of charts-map (same
 * shape, same file name umbrella.values.yaml), kept because CLI names are a contract.
 */
export const VALUES_FORMATS = ['values', 'umbrella-values', 'charts-map', 'kustomize', 'gitops', 'umbrella'] as const;
export type ValuesFormat = (typeof VALUES_FORMATS)[number];

export interface ValuesOptions {
  /** --key: the bundle must be signed by one of these keys. */
  bundleTrust?: BundleTrust;
  /** A bundle (.tar or folder); or `charts` instead. */
  bundle?: string;
  charts?: ChartArgs;
  /** Releases read from GitOps objects (--gitops), resolved with the access of `charts`. */
  specCharts?: ChartSpec[];
  /** --format gitops: the --gitops inputs to rewrite in place (and the folder relative ones start at). */
  gitops?: { inputs: string[]; cwd: string };
  /** TARGET[/PREFIX]; or `map` instead (with format gitops and a map, where the charts are). */
  registry?: string;
  /** An image map (push, copy, sync or mirrors --write-map): only its images move, to where it says. */
  map?: string;
  outDir: string;
  naming?: MappingNaming;
  format?: ValuesFormat;
  renderer: Renderer;
  /** Ask the target registry for every image the values point at (HEAD), with these client options. */
  checkRegistry?: RegistryClientOptions;
  /**
   * Write each image's digest into the values where the chart takes one. Digests come from the
   * bundle's lock, the map, or the chart's own pin; with `registryClient`, an image none of them
   * records is asked of the registry it now points at.
   */
  pinDigests?: boolean;
  /** Client options for the registry questions of --pin-digests. */
  registryClient?: RegistryClientOptions;
  /** rewrite: pinned digests of --platform indexes become those `push --sparse-index rewrite` gave. */
  sparseIndex?: 'keep' | 'rewrite';
  /** Chart arguments: also override optional images (toggles); a bundle does so for those it carries. */
  includeOptional?: boolean;
  /** umbrella-values: the umbrella chart (folder or .tgz) whose dependencies name the keys; its render proves the file. */
  umbrella?: string;
  /** The Helm whose rules `renderer` follows, and why: said in the report. */
  helm?: HelmFollowed;
  /**
   * What the command accepts without failing (--allow-*): a run that fails all the same writes its
   * files as NAME.rejected and rewrites no GitOps object, so no exit but 0 leaves a usable file.
   */
  allowed?: ValuesAllowed;
}

export interface ValuesReleaseReport {
  release: string;
  chart: string;
  version: string;
  namespace: string;
  images: ImageOverride[];
  hardcoded: HardcodedImage[];
  /**
   * Images no value controls that only `helm test` pods use: carried in a bundle, not a reason to
   * fail (Helm 4 post-renders test hooks; Helm 3 gives hooks no post-renderer).
   */
  testOnly: HardcodedImage[];
  conflicts: PathConflict[];
  /** Verification problems other than the hard-coded images (each one fails the command). */
  problems: VerifyProblem[];
  /** Strings of the re-render that look like images outside the target where nothing says they are (not failing). */
  doubtful: string[];
  /** Doubtful images whose name values were set because a shared registry value the override sets moves them anyway. */
  followed?: (ImageOverride & { shared: string[] })[];
  /** The override values (what the file holds under its header). */
  values: Record<string, unknown>;
  /** Values set because the chart asks for them before it accepts substituted images. */
  asks?: SubstitutionAsk[];
  /** --pin-digests: images left at their tag, each with why (exit 3 unless allowed). */
  unpinned?: UnpinnedImage[];
  /** Every image of the render: moved (where, by what) or not (why); exit 3 for those still pulled from outside unless allowed. */
  accounting?: ImageAccounting;
}

export interface ValuesReport {
  from: string;
  /** The Helm whose rules the re-renders proving the overrides followed (its release), and why that one. */
  helm?: { line: HelmLine; version: string; why: string };
  /** From a bundle: its signer, checked with --key before anything was read from it; null: not checked (no key given). */
  signature?: SignatureCheck | null;
  target: string;
  naming: MappingNaming;
  format: ValuesFormat;
  files: string[];
  releases: ValuesReleaseReport[];
  /** Why a format wrote nothing, if so. */
  note?: string;
  /** --check-registry: what the target registry has of what the values point at. */
  registryCheck?: RegistryCheck;
  /** umbrella-values: the keys written and, with --umbrella, what its render showed. */
  umbrella?: UmbrellaReport;
  /** kustomize: the resources and images written, and the images kustomize cannot reach. */
  kustomize?: KustomizeReport;
}

export type ReleaseResult = { rel: ValuesRelease; report: ValuesReleaseReport; sites: ImageSite[] };

/** What the command accepts without failing. */
export interface ValuesAllowed {
  hardcoded?: boolean;
  /** --allow-unmapped: images the map does not name stay where they are. */
  unmapped?: boolean;
  /** --allow-unpinned: images --pin-digests left at their tag. */
  unpinned?: boolean;
}
