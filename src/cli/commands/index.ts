import type { Command } from 'commander';
import type { RuntimeHost } from '../runtime.js';

export interface CommandEntry {
  name: string;
  /** The one-line description (the top-level --help lists it without loading the command). */
  description: string;
  /** The command's declaration, imported only when a command line runs it (or asks its help). */
  load: () => Promise<(host: RuntimeHost) => Command>;
  /** What the command owes someone waiting on it when its command line is refused before it runs (main.ts). */
  onUsageError?: (args: readonly string[]) => Promise<void>;
}

/** Every command, in the order `--help` lists them. One file per command, each glue only. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'images',
    description: 'list every image the charts need (pod specs, operator env/args, ConfigMaps, CRs) with where each was found',
    load: async () => (await import('./images.js')).imagesCommand,
  },
  {
    name: 'bundle',
    description: 'resolve charts, find every image they need, and write charts + images + lock into one offline tarball',
    load: async () => (await import('./bundle.js')).bundleCommand,
  },
  {
    name: 'sign',
    description: "sign a bundle's lock (and so every digest and its SBOM) with a key; push, verify and values check it with --key",
    load: async () => (await import('./sign.js')).signCommand,
  },
  {
    name: 'push',
    description: 'verify a bundle and push its images and charts into ECR, ECR Public or any OCI registry',
    load: async () => (await import('./push.js')).pushCommand,
  },
  {
    name: 'sync',
    description: 'copy every repository and tag (or a filtered set) from one registry to another, digests kept; resumable',
    load: async () => (await import('./sync.js')).syncCommand,
  },
  {
    name: 'verify',
    description: 'check that every image and chart of a bundle is in the target registry with its digest (nothing is downloaded)',
    load: async () => (await import('./verify.js')).verifyCommand,
  },
  {
    name: 'login',
    description: "log in to ECR or ECR Public with the AWS default chain; writes Helm's registry config and docker's config.json",
    load: async () => (await import('./login.js')).loginCommand,
  },
  {
    name: 'mirrors',
    description: 'prove which images have an identical public equivalent (same manifest digest), e.g. on public.ecr.aws',
    load: async () => (await import('./mirrors.js')).mirrorsCommand,
  },
  {
    name: 'values',
    description: 'write values overrides that point every image at the target registry, and prove them by re-rendering',
    load: async () => (await import('./values.js')).valuesCommand,
  },
  {
    name: 'postrender',
    description: 'rewrite every image of the manifests on stdin to the target registry (a Helm --post-renderer); all else is kept byte for byte',
    load: async () => (await import('./postrender.js')).postrenderCommand,
  },
  {
    name: 'kustomize',
    description: 'write or merge the images: entries of an existing kustomize overlay so that its build deploys every image from the target',
    load: async () => (await import('./kustomize.js')).kustomizeCommand,
  },
  {
    name: 'serve',
    description: 'serve a bundle as a read-only OCI registry (charts and images, read in place) for a site with no registry yet',
    load: async () => (await import('./serve.js')).serveCommand,
    // a script's `read url pid < FIFO` must end even when serve never parsed its flags
    onUsageError: async (args) => (await import('../../app/serve/ready-file.js')).notReadyAfterUsageError(args),
  },
  {
    name: 'template',
    description: 'render a local chart (folder or .tgz) like helm template, with the built-in engine by default',
    load: async () => (await import('./template.js')).templateCommand,
  },
  {
    name: 'copy',
    description: 'copy images between registries, OCI layouts and layout archives, keeping digests',
    load: async () => (await import('./copy.js')).copyCommand,
  },
  {
    name: 'inspect',
    description: 'list what an OCI layout or layout archive holds: names, digests, platforms, sizes',
    load: async () => (await import('./inspect.js')).inspectCommand,
  },
  {
    name: 'doctor',
    description: 'say what this host has and lacks for each command: Helms and plugin folders, runtime, credentials, repositories, cache',
    load: async () => (await import('./doctor.js')).doctorCommand,
  },
  {
    name: 'version',
    description: 'print the helm-airgap version (-o json: version and Node.js version)',
    load: async () => (await import('./version.js')).versionCommand,
  },
];
