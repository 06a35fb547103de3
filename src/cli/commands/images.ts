import { join, resolve } from 'node:path';
import { Command } from 'commander';
import type { HelmLine } from '../../helm/engine/defaults.js';
import { helmFollowed, parsePairs, readSettings, registryCredentials, toChartArgs } from '../settings.js';
import { readListInput } from '../list-input.js';
import type { ImageListEntry } from '../../oci/image-list.js';
import type { ImagesReport } from '../../app/images/images.js';
import type { Renderer } from '../../helm/engine/renderer.js';
import { PartialFailureError, PartialResultError, UsageError } from '../../util/errors.js';
import { action, type Runtime, type RuntimeHost } from '../runtime.js';
import {
  addChartAccessFlags,
  addChartRenderFlags,
  addValuesFlags,
  collect,
  CATALOG_FLAG,
  HELM_VERSION_FLAG,
  NODE_OS_FLAG,
  type ChartFlagValues,
} from '../flags.js';

const EXAMPLES = `
Output (-o): text (default; grouped with where each image was found), json, yaml, skopeo-sync.
Sections: default (pod specs, hooks and test pods included), runtime (env, args, ConfigMaps, Secrets,
custom resources), optional (--optional: toggles, annotations, values blocks), doubtful.

Examples:
  # every image a chart needs with its default values, and where each was found
  helm airgap images cert-manager --repo https://charts.jetstack.io --version v1.17.2
  # one image per line for scripts; optional images (toggles, annotations) counted too
  helm airgap images ./fluent-bit-0.49.0.tgz --plain --include-optional
  # which values control each image, as JSON; optional ones named by their toggle
  helm airgap images oci://ghcr.io/acme/charts/app -f prod.yaml --optional -o json
  # a skopeo sync file for teams that mirror with skopeo; these flags keep every digest (--all:
  # every platform) and land each image where push puts it (--scoped: PREFIX/<host>/<path>)
  helm airgap images ./chart -o skopeo-sync > sync.yaml
  skopeo sync --src yaml --dest docker --all --preserve-digests --scoped sync.yaml mirror.local/airgap
  # from an image list: fetch docker.io through a mirror, keep the lock's digests, and write the map
  # of where the scoped sync lands each image (for values, verify, kustomize --map)
  helm airgap images images.txt -o skopeo-sync --mirror docker.io=mirror.internal/dockerhub \
    --lock airgap-lock.json --registry registry.internal/airgap --write-map images.map.yaml > sync.yaml
  skopeo sync --src yaml --dest docker --all --preserve-digests --scoped sync.yaml registry.internal/airgap
  # read the controllers' own images for the images their programs compile in (needs their
  # registries; each found image confirmed there), and fail while a controller is unverified
  helm airgap images ./operator.tgz --scan-images --require-complete

More examples and the rules in full: docs/concepts/discovery.md.
`;

const OUTPUTS = ['text', 'json', 'yaml', 'skopeo-sync'];

interface Flags extends ChartFlagValues {
  name?: string;
  spec?: string;
  gitops: string[];
  optional?: boolean;
  includeOptional?: boolean;
  plain?: boolean;
  explain?: boolean;
  nodeOs: string[];
  catalog: string[];
  check?: string;
  renderer: string;
  keepGoing?: boolean;
  helmVersion?: string;
  mirror: string[];
  lock?: string;
  registry?: string;
  writeMap?: string;
  tlsVerify: string[];
  certDir: string[];
  registriesConf?: string;
  scanImages?: boolean;
  scanFrom?: string;
  requireComplete?: boolean;
}

export function imagesCommand(host: RuntimeHost): Command {
  return addChartAccessFlags(addChartRenderFlags(addValuesFlags(new Command('images'))))
    .argument('[charts...]', 'chart name (with --repo), oci:// reference, folder or .tgz; or an image list (with -o skopeo-sync)')
    .option('--spec <airgap.yaml>', 'the charts of a bundle spec, each with its own values, plus its images: and minus its exclude: (as bundle --spec)')
    .option(
      '--gitops <path>',
      'the releases of helmfiles, Argo CD Application/ApplicationSets and Flux HelmReleases: a file, a folder, or - (stdin), each with the values its tool gives Helm (repeatable)',
      collect,
      [],
    )
    .option('--optional', 'also find optional images (toggles flipped, annotations, values blocks)')
    .option('--include-optional', 'count optional images as needed (implies --optional)')
    .option(...NODE_OS_FLAG, collect, [])
    .option(...CATALOG_FLAG, collect, [])
    .option('--plain', 'one line per image, image first (for scripts)')
    .option(
      '--explain',
      'audit every image-shaped string: its verdict (needed, runtime, optional, doubtful, rejected with why) and where it came from (implies --optional)',
    )
    .option(
      '--scan-images',
      "read each controller's own image (from its registry) for the images its program compiles in, each confirmed at its registry; reported as builtin with IMAGE:/path",
    )
    .option('--scan-from <bundle-or-layout>', 'with --scan-images: read the controller images from this bundle or OCI layout instead of their registries')
    .option('--require-complete', 'exit 3 while a controller that can make workloads has compiled-in images nothing accounts for (unverified controllers)')
    .option('--check <lock-or-list>', 'compare with a previous airgap-lock.json or image list; exit 3 on drift')
    .option('--keep-going', 'skip a chart that cannot be resolved or rendered (named; exit 3)')
    .option(...HELM_VERSION_FLAG)
    .option('--renderer <kind>', 'builtin (our engine) or helm ($HELM_BIN template)', 'builtin')
    .option('--cache <dir>', 'chart download cache (default: $HELM_AIRGAP_CACHE or ~/.cache/helm-airgap)')
    .option('--mirror <registry=location>', 'a list with -o skopeo-sync: fetch REGISTRY from LOCATION (HOST[/PATH]) in the file (repeatable)', collect, [])
    .option('--lock <bundle-or-lock>', 'a list with -o skopeo-sync: pin each image to the digest this lock records')
    .option('--registry <dest[/prefix]>', 'a list with -o skopeo-sync: where the file will be synced (skopeo --scoped DEST), for --write-map')
    .option(
      '--write-map <file>',
      'a list with -o skopeo-sync: write where the scoped sync lands each image, under its original name, with the digest the source serves now',
    )
    .option(
      '--tls-verify <registry=bool>',
      "a list with -o skopeo-sync: the file's tls-verify for REGISTRY (false: a self-signed or plain-HTTP mirror)",
      collect,
      [],
    )
    .option('--cert-dir <registry=dir>', "a list with -o skopeo-sync: the file's cert-dir for REGISTRY (*.crt CAs, *.cert/*.key client)", collect, [])
    .option(
      '--registries-conf <file>',
      'a list with -o skopeo-sync: write the --mirror pairs here as registries.conf, the file naming each image by its own registry (needed for a mirror with a port); run skopeo --registries-conf FILE sync ...',
    )
    .addHelpText('after', EXAMPLES)
    .action(
      action(
        host,
        async (rt: Runtime, c: Command, charts: string[]) => {
          const f = c.opts() as Flags;
          if (charts.length === 0 && !f.spec && f.gitops.length === 0)
            throw new UsageError('images: no chart named', { hint: 'helm airgap images CHART [--repo URL], --spec airgap.yaml or --gitops DIR' });
          const list = charts.length === 1 && !f.spec && f.gitops.length === 0 ? await readListInput(rt, charts[0]!) : undefined;
          if (list) return listToSkopeo(rt, charts[0]!, list, f);
          if (f.scanFrom && !f.scanImages)
            throw new UsageError('--scan-from is where --scan-images reads the controller images', {
              hint: `helm airgap images CHART --scan-images --scan-from ${f.scanFrom}`,
            });
          if ((f.mirror.length && !f.scanImages) || f.lock || f.writeMap || f.registry || f.tlsVerify.length || f.certDir.length || f.registriesConf) {
            // the file of a list, made from the images the charts (or GitOps objects) need
            if (rt.globals.output !== 'skopeo-sync')
              throw new UsageError(
                '--mirror, --lock, --registry, --write-map, --tls-verify, --cert-dir and --registries-conf shape a skopeo sync file: add -o skopeo-sync',
                {
                  hint: `helm airgap images ${f.gitops.length > 0 ? `--gitops ${f.gitops[0]}` : (charts[0] ?? 'CHART')} -o skopeo-sync --mirror docker.io=HOST[/PATH] > sync.yaml`,
                },
              );
            const found = await run(rt, charts, f);
            if (found.failures.length > 0)
              throw new PartialFailureError(
                `images: ${found.failures.length} chart(s) failed: ${found.failures.map((x) => `${x.item}: ${x.error}`).join('; ')}`,
                found.failures,
              );
            const { parseImageList } = await import('../../oci/image-list.js');
            return listToSkopeo(rt, 'the images found', parseImageList(found.images.map((i) => i.ref).join('\n'), 'the images found'), f);
          }
          if (f.plain && rt.globals.output !== 'text') throw new UsageError('--plain is a text form; drop -o or --plain');
          if (f.explain && (f.plain || rt.globals.output === 'skopeo-sync'))
            throw new UsageError(`--explain prints an audit, not ${f.plain ? '--plain' : 'a skopeo sync file'}`, {
              hint: 'helm airgap images CHART --explain (text) or --explain -o json',
            });
          const report = await run(rt, charts, f);
          const { formatCheck } = await import('../../app/images/check.js');
          const format = await import('../format/images.js');
          const drift = report.check && !report.check.same ? report.check : undefined;
          const diffInReport = rt.globals.output === 'text' && !f.plain;
          // -o json prints one document: on drift or failures that is the error, which names them.
          const failing = Boolean(drift) || report.failures.length > 0 || Boolean(f.requireComplete && report.unverifiedControllers.length > 0);
          if (!(failing && rt.globals.output === 'json')) rt.reporter.result(report, (r) => formatFor(format, rt.globals.output, f, r));
          if (report.failures.length > 0) {
            throw new PartialFailureError(
              `images: ${report.failures.length} chart(s) failed: ${report.failures.map((x) => `${x.item}: ${x.error}`).join('; ')}`,
              report.failures,
            );
          }
          if (f.requireComplete && report.unverifiedControllers.length > 0)
            throw new PartialResultError(
              `images: ${report.unverifiedControllers.length} controller(s) unverified: ${report.unverifiedControllers.map((u) => u.controller).join(', ')}`,
              report.unverifiedControllers.map((u) => ({ item: u.controller, error: u.reason })),
              report,
              { code: 'ERR_UNVERIFIED_CONTROLLERS', hint: report.unverifiedControllers[0]!.next },
            );
          if (drift) {
            const lines = formatCheck(drift).map((l) => l.replace(/^check: /, ''));
            throw new PartialFailureError(
              diffInReport ? lines[0] : lines.join('\n'),
              [
                ...drift.added.map((item) => ({ item, error: 'needed now, not in the previous list' })),
                ...drift.removed.map((item) => ({ item, error: 'in the previous list, not needed now' })),
              ],
              { code: 'ERR_IMAGES_DRIFT', hint: `review the diff, then refresh ${drift.against}` },
            );
          }
        },
        OUTPUTS,
      ),
    );
}

async function listToSkopeo(rt: Runtime, file: string, list: ImageListEntry[], f: Flags): Promise<void> {
  if (rt.globals.output !== 'skopeo-sync')
    throw new UsageError(`${file} is an image list: it takes -o skopeo-sync`, { hint: `helm airgap images ${file} -o skopeo-sync > sync.yaml` });
  if (f.writeMap && !f.registry)
    throw new UsageError('--write-map needs --registry DEST[/PREFIX]: where the file will be synced', {
      hint: 'the destination you give skopeo sync --scoped',
    });
  const [{ skopeoSyncFromList }, { readBundleLock }, { parseTarget }, { writeImageMap }] = await Promise.all([
    import('../../app/images/skopeo-list.js'),
    import('../../bundle/open.js'),
    import('../../ecr/target.js'),
    import('../../bundle/image-map-file.js'),
  ]);
  const tlsVerify = Object.fromEntries(
    Object.entries(parsePairs(f.tlsVerify, '--tls-verify', 'mirror.internal:5000=false')).map(([k, v]) => {
      if (v !== 'true' && v !== 'false') throw new UsageError(`--tls-verify ${k}=${v}: expected true or false`, { hint: `e.g. --tls-verify ${k}=false` });
      return [k, v === 'true'];
    }),
  );
  const certDirs = parsePairs(f.certDir, '--cert-dir', 'mirror.internal:5000=/etc/containers/certs.d/mirror.internal:5000');
  const destination = f.registry ? parseTarget(f.registry) : undefined;
  const r = skopeoSyncFromList(list, {
    mirrors: parsePairs(f.mirror, '--mirror', 'docker.io=mirror.internal/dockerhub'),
    ...(f.lock ? { lock: await readBundleLock(f.lock) } : {}),
    ...(destination ? { destination } : {}),
    tlsVerify,
    certDirs,
    registriesConf: Boolean(f.registriesConf),
  });
  if (f.registriesConf) {
    const { writeFileAtomic } = await import('../../util/atomic-write.js');
    await writeFileAtomic(f.registriesConf, r.registriesConf || '# no mirror with a port: nothing for registries.conf\n');
    if (r.registriesConf) rt.reporter.info(`wrote ${f.registriesConf}; run skopeo --registries-conf ${f.registriesConf} sync ...`);
  }
  // an image's own registry with a port: no file makes skopeo --scoped name it, so say which tool can
  if (r.unscopable.length)
    rt.reporter.warn(
      `skopeo sync --scoped cannot run this file: it names ${r.unscopable.join(', ')} (a host with a port makes "invalid reference format" at DEST/HOST:PORT/...). ` +
        `Run it with helm airgap sync FILE docker://${f.registry} (the map names where that puts each image), or skopeo without --scoped and without --write-map`,
    );
  if (f.writeMap && destination) {
    // what each source serves now is the content the map promises (read through the file's mirrors)
    const [{ withSourceDigests }, { useCertDir }] = await Promise.all([import('../../app/images/skopeo-digests.js'), import('../../registry/cert-dir.js')]);
    for (const [host, dir] of Object.entries(certDirs)) await useCertDir(host.split('/')[0]!, dir, `--cert-dir ${host}`);
    const settings = readSettings(rt.env);
    const found = await withSourceDigests(
      r.map,
      r.fetch,
      { credentials: registryCredentials(settings, rt.env), insecureHosts: Object.keys(tlsVerify).filter((h) => !tlsVerify[h]) },
      rt.ctx,
    );
    const { mapRegistryOf } = await import('../../ecr/map-registry.js');
    await writeImageMap(f.writeMap, found.entries, 'images -o skopeo-sync', { registries: [mapRegistryOf(destination)] });
    rt.reporter.info(`wrote ${f.writeMap} (${r.map.length} image(s)); use it with helm airgap values|postrender|verify|kustomize --map ${f.writeMap}`);
    if (found.unreached.length)
      rt.reporter.warn(
        `${found.unreached.length} image(s) mapped without a digest (their source did not answer: ${found.unreached
          .slice(0, 3)
          .map((u) => `${u.source}: ${u.error}`)
          .join('; ')}${found.unreached.length > 3 ? '; …' : ''}); verify --map checks only their presence. ` +
          `For digests, write the map where the sources answer, or let helm airgap sync FILE --write-map record what it transferred`,
      );
  }
  rt.reporter.raw(r.text);
}

function formatFor(format: typeof import('../format/images.js'), output: string, f: Flags, r: ImagesReport): string | string[] {
  if (output === 'yaml') return format.formatImagesYaml(r);
  if (output === 'skopeo-sync') return format.formatSkopeoSync(r);
  if (f.explain) return format.formatExplainText(r);
  return f.plain ? format.formatImagesPlain(r) : format.formatImagesText(r);
}

async function run(rt: Runtime, charts: string[], f: Flags): Promise<ImagesReport> {
  const settings = readSettings(rt.env, { cache: f.cache });
  const { findImages } = await import('../../app/images/images.js');
  const args = await toChartArgs(rt, charts, f);
  const spec = f.spec || f.gitops.length > 0 ? await readSpec(rt, f, args.baseDir) : undefined;
  const { useCatalog } = await import('../../app/scan/operator-catalog.js');
  await useCatalog(spec ? spec.spec.catalog : f.catalog.map((d) => resolve(d)));
  return findImages(
    {
      ...args,
      ...(spec
        ? {
            spec: { spec: spec.spec, baseDir: spec.baseDir },
            repositories: { ...args.repositories, ...spec.repositories },
            repoHttp: { ...args.repoHttp, insecureHosts: [...(args.repoHttp?.insecureHosts ?? []), ...spec.spec.insecureRegistries] },
          }
        : {}),
      optional: f.optional,
      explain: f.explain,
      nodeOs: f.nodeOs,
      includeOptional: f.includeOptional,
      check: f.check,
      ...(f.scanImages
        ? {
            scanImages: {
              credentials: registryCredentials(settings, rt.env),
              mirrors: parsePairs(f.mirror, '--mirror', 'quay.io=127.0.0.1:5000/quay.io'),
              ...(f.scanFrom ? { from: f.scanFrom } : {}),
            },
          }
        : {}),
      keepGoing: f.keepGoing,
      renderer: await pickRenderer(f.renderer, settings.helmBin, await helmFollowed(f.helmVersion, settings), f.skipSchemaValidation),
    },
    rt.ctx,
  );
}

/** The spec as bundle reads it (toBundleSpec), its charts only: chart flags and values belong to the command line's charts. */
async function readSpec(rt: Runtime, f: Flags, cwd: string) {
  const { toBundleSpec } = await import('../bundle-flags.js');
  return toBundleSpec(
    [],
    {
      file: f.spec,
      gitops: f.gitops,
      concurrency: 1,
      values: [],
      set: [],
      setString: [],
      platform: [],
      mirror: [],
      insecureRegistry: [],
      exclude: [],
      image: [],
      addRepo: [],
      catalog: f.catalog,
    },
    cwd,
    (m) => rt.reporter.warn(m),
    async () => (await rt.readStdin({ what: '--gitops -' })).toString('utf8'),
  );
}

async function pickRenderer(kind: string, helmBin: string | undefined, helmVersion: HelmLine, skipSchemaValidation?: boolean): Promise<Renderer> {
  const { EngineRenderer, HelmBinaryRenderer } = await import('../../helm/engine/renderer.js');
  if (kind === 'builtin') return new EngineRenderer({ helmVersion, skipSchemaValidation });
  if (kind !== 'helm') throw new UsageError(`--renderer ${kind}: use builtin or helm`);
  if (!helmBin) throw new UsageError('--renderer helm needs a helm binary', { hint: 'run as a helm plugin (helm sets $HELM_BIN) or use --renderer builtin' });
  return new HelmBinaryRenderer(helmBin, { skipSchemaValidation });
}
