import { resolve } from 'node:path';
import { Command } from 'commander';
import { addTrustFlags, toBundleTrust } from '../signing-flags.js';
import { followHelm, readSettings, registryCredentials, toChartArgs } from '../settings.js';
import { namingHelp, parseNaming } from '../../ecr/naming.js';
import type { ValuesFormat, ValuesOptions, ValuesReport } from '../../app/values/values-types.js';
import { UsageError } from '../../util/errors.js';
import { action, type Runtime, type RuntimeHost } from '../runtime.js';
import {
  collect,
  addChartAccessFlags,
  addValuesFlags,
  sparseIndexOption,
  CATALOG_FLAG,
  HELM_VERSION_FLAG,
  takeOutputAsPath,
  type ChartFlagValues,
} from '../flags.js';

const EXAMPLES = `
Examples:
  # one override per release of a bundle, proven by a re-render
  helm airgap values bundle.tar --registry 123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror --out-dir values/
  helm install cm ./cert-manager-v1.17.2.tgz -f values/cert-manager.values.yaml
  # from chart arguments (no bundle), with the user's values; JSON report
  helm airgap values ./fluent-bit-0.49.0.tgz -f prod.yaml --registry mirror.local:5000 --out-dir values/ -o json
  # pinned to digests; --check-registry fails on any tag overwritten since the bundle
  helm airgap values bundle.tar --registry mirror.local/m --pin-digests --check-registry --out-dir values/
  # images another tool moved: the map push, copy, sync or mirrors wrote says where
  helm airgap values ./my-chart --map moved.yaml --pin-digests --out-dir values/
  # one file for an umbrella chart, or the GitOps objects of a checkout rewritten in place
  helm airgap values bundle.tar --registry mirror.local/m --format umbrella-values --umbrella ./platform --out-dir values/
  helm airgap values --gitops ./clusters/prod --registry mirror.local/m --format gitops

Every image is accounted for: moved (to where, by what) or not (why). An image an install would
still pull from outside the target is exit 3 unless --allow-unmapped or --allow-hardcoded accepts
it; a run that exits non-zero keeps its files only as NAME.yaml.rejected. More examples, the
formats, and where digests come from: docs/guide/values.md.
`;

const FORMATS = ['text', 'json'];

interface Flags extends ChartFlagValues {
  registry?: string;
  map?: string;
  mirrorMap?: string;
  mapFile?: string;
  pinDigests?: boolean;
  catalog: string[];
  allowUnpinned?: boolean;
  outDir?: string;
  naming?: string;
  allowHardcoded?: boolean;
  allowUnmapped?: boolean;
  includeOptional?: boolean;
  format: string;
  name?: string;
  helmVersion?: string;
  sparseIndex: 'keep' | 'rewrite';
  checkRegistry?: boolean;
  umbrella?: string;
  insecureRegistry: string[];
  key: string[];
  requireSignature?: boolean;
  gitops: string[];
}

export function valuesCommand(host: RuntimeHost): Command {
  const cmd = addTrustFlags(addChartAccessFlags(addValuesFlags(new Command('values'), '; charts only')))
    .argument('[bundle-or-charts...]', 'a bundle (.tar or folder with airgap-lock.json), or charts as for `images`')
    .option(
      '--gitops <path>',
      'the releases of helmfiles, Argo CD Application/ApplicationSets and Flux HelmReleases (a file, a folder, or -), each with its own values, as for `images --gitops` (repeatable)',
      collect,
      [],
    )
    .option('--registry <target>', 'TARGET[/PREFIX] the images were pushed to')
    .option('--map <file>', 'instead of --registry: move only the images of this map, to where it says (written by push, copy, sync or mirrors --write-map)')
    .option('--mirror-map <file>', 'same as --map (the old name)')
    .option('--map-file <file>', 'same as --map')
    .option('--out-dir <dir>', 'folder for the override files (required but with --format gitops; -o is the output format)')
    .option('--naming <mode>', 'repository naming the transfer used (table below; default full)')
    .option(...HELM_VERSION_FLAG)
    .option(
      '--format <kind>',
      'values (one file per release), umbrella-values (one file for an umbrella chart), charts-map (charts.<release>.values for a bootstrapper), kustomize (manifests + kustomization.yaml) or gitops (the --gitops objects rewritten in place); umbrella is the old name of charts-map',
      'values',
    )
    .option('--umbrella <chart>', 'umbrella-values: the umbrella chart (folder or .tgz); its dependencies name the keys and its render proves the file')
    .addOption(sparseIndexOption())
    .option('--include-optional', 'charts only: also override optional images (toggles), each proven with its toggle on')
    .option(...CATALOG_FLAG, collect, [])
    .option('--pin-digests', "write each image's digest where the chart's values take one, proven by re-render (digests: see below)")
    .option('--allow-unpinned', 'with --pin-digests: exit 0 when some images stay at their tag (each is named)')
    .option(
      '--check-registry',
      'also ask the target registry for every image the values point at: exit 3 naming each missing one and each tag serving another digest than the lock or map recorded',
    )
    .option('--insecure-registry <host>', 'allow plain HTTP to this host for --check-registry and --pin-digests (repeatable)', collect, [])
    .option('--allow-hardcoded', 'exit 0 when some images are hard-coded in templates, or (kustomize) out of its reach (fix them with postrender)')
    .option('--allow-unmapped', 'with --map: exit 0 when the map lacks some images of the render (each is named; they install from where they are)')
    .option('--repo <url>', 'chart repository URL for chart names')
    .option('--version <constraint>', 'chart version or constraint')
    .option('--devel', 'allow prerelease versions')
    .option('--name <release>', 'release name (default: the chart name)')
    // no default here: Helm strips -n from a plugin's arguments and passes HELM_NAMESPACE, which
    // toChartArgs reads when -n is absent (as images and template do)
    .option('-n, --namespace <ns>', 'namespace for the render (default: $HELM_NAMESPACE, else default)')
    .option('--kube-version <v>', 'Kubernetes version for .Capabilities')
    .option('-a, --api-versions <gv>', 'extra API versions (repeatable)', collect, [])
    .option('--cache <dir>', 'chart download cache')
    .addHelpText('after', `${EXAMPLES}\n${namingHelp()}\n`);
  takeOutputAsPath(cmd, 'outDir', FORMATS, 'give the folder once, as --out-dir DIR (-o is the output format: text or json)');
  return cmd.action(
    action(host, async (rt: Runtime, c: Command, args: string[]) => {
      const [{ writeValuesOverrides }, { formatValuesReport, valuesFailure }] = await Promise.all([
        import('../../app/values/values.js'),
        import('../../app/values/report.js'),
      ]);
      const f = c.opts() as Flags;
      const { useCatalog } = await import('../../app/scan/operator-catalog.js');
      await useCatalog(f.catalog.map((d) => resolve(d)));
      const report = await writeValuesOverrides(await toOptions(rt, args, f), rt.ctx);
      const failure = valuesFailure(report, { hardcoded: f.allowHardcoded, unmapped: f.allowUnmapped, unpinned: f.allowUnpinned });
      if (!(failure && rt.globals.output === 'json')) rt.reporter.result(report, formatValuesReport);
      if (failure) throw failure;
    }),
  );
}

async function toOptions(rt: Runtime, args: string[], f: Flags): Promise<ValuesOptions> {
  const maps = [...new Set([f.map, f.mirrorMap, f.mapFile].filter((m): m is string => m !== undefined))];
  if (maps.length > 1) throw new UsageError(`--map, --mirror-map and --map-file name one file: give one of them (got ${maps.join(', ')})`);
  const map = maps[0];
  // with --format gitops both may be given: the images where the map says, the charts where push put them
  if (!f.registry === !map && !(f.registry && f.format === 'gitops'))
    throw new UsageError('values needs --registry TARGET[/PREFIX] or --map FILE (one of them)', {
      hint: 'the registry push sent the images to, or the map push, copy, sync or mirrors --write-map wrote',
    });
  if (f.allowUnpinned && !f.pinDigests) throw new UsageError('--allow-unpinned goes with --pin-digests');
  if (f.format === 'gitops' && f.gitops.length === 0)
    throw new UsageError('--format gitops rewrites the objects of --gitops PATH', {
      hint: 'helm airgap values --gitops DIR --registry TARGET[/PREFIX] --format gitops',
    });
  if (f.format === 'gitops' && !f.registry)
    throw new UsageError('--format gitops needs --registry: the charts move to TARGET[/PREFIX]/charts as push puts them', {
      hint: 'give --registry where push put the charts (and --map FILE too when another tool moved the images)',
    });
  if (!f.outDir && f.format !== 'gitops' && f.gitops.length > 0)
    throw new UsageError(
      'values --gitops needs where to write: --format gitops (the objects rewritten where they are) or --out-dir DIR (a values file per release)',
      {
        hint: `helm airgap values --gitops ${f.gitops[0]} --registry TARGET --format gitops, or ... --out-dir values/`,
      },
    );
  if (!f.outDir && f.format !== 'gitops')
    throw new UsageError('values needs --out-dir DIR: the folder for the override files', {
      hint: 'helm airgap values ... --out-dir values/ (-o is the output format: text or json)',
    });
  const { VALUES_FORMATS } = await import('../../app/values/values-types.js');
  if (!(VALUES_FORMATS as readonly string[]).includes(f.format))
    throw new UsageError(`--format ${f.format}: use ${VALUES_FORMATS.filter((x) => x !== 'umbrella').join(', ')}`);
  if (f.umbrella !== undefined && f.format !== 'umbrella-values') throw new UsageError('--umbrella goes with --format umbrella-values');
  if (f.format === 'umbrella')
    rt.reporter.warn(
      '--format umbrella is deprecated: it writes the charts map (charts.<release>.values, for a bootstrapper), which an umbrella chart does not read. ' +
        'Use --format charts-map for that shape (file charts-map.yaml), or --format umbrella-values for values an umbrella chart takes with -f',
    );
  // a map says which of its hosts are ECR: their login comes from the AWS chain, as push's did
  const mapLogin =
    map && (f.checkRegistry || f.pinDigests)
      ? await Promise.all([import('../../bundle/image-map-file.js'), import('../../ecr/map-registry.js')]).then(async ([file, access]) =>
          access.mapLogins((await file.readImageMap(map)).registries),
        )
      : undefined;
  const { credentialChain } = await import('../../registry/credentials.js');
  const client = () => ({ credentials: credentialChain(mapLogin, registryCredentials(readSettings(rt.env), rt.env)), insecureHosts: f.insecureRegistry });
  const { EngineRenderer } = await import('../../helm/engine/renderer.js');
  const { looksLikeBundle } = await import('../../bundle/open.js');
  const helm = await followHelm(f.helmVersion, readSettings(rt.env));
  const base = {
    registry: f.registry,
    map,
    outDir: f.outDir ?? '.',
    naming: parseNaming(f.naming),
    format: f.format as ValuesFormat,
    renderer: new EngineRenderer({ helmVersion: helm.line, skipSchemaValidation: f.skipSchemaValidation }),
    helm,
    includeOptional: f.includeOptional,
    umbrella: f.umbrella,
    sparseIndex: f.sparseIndex,
    pinDigests: f.pinDigests,
    allowed: { hardcoded: f.allowHardcoded, unmapped: f.allowUnmapped, unpinned: f.allowUnpinned },
    ...(f.checkRegistry ? { checkRegistry: client() } : {}),
    ...(f.pinDigests ? { registryClient: client() } : {}),
  };
  if (args.length === 0 && f.gitops.length === 0)
    throw new UsageError('values: give a bundle, chart arguments or --gitops PATH', {
      hint: 'helm airgap values bundle.tar --registry TARGET --out-dir values/',
    });
  const isBundle = args.length === 1 && looksLikeBundle(args[0]);
  if (f.passwordStdin && f.gitops.includes('-'))
    throw new UsageError('--gitops - and --password-stdin both read stdin: give the GitOps input as a file or folder');
  if (isBundle && f.gitops.length > 0 && f.format !== 'gitops')
    throw new UsageError('values for a bundle come from its lock; --gitops beside a bundle names the objects to rewrite (--format gitops)', {
      hint: 'helm airgap values bundle.tar --gitops DIR --registry TARGET --format gitops, or --gitops DIR alone to render from the charts',
    });
  const valueFlags = [...f.values, ...f.set, ...f.setString, ...f.setJson, ...f.setFile, ...f.setLiteral];
  if (isBundle && valueFlags.length > 0)
    throw new UsageError('values for a bundle come from its lock; -f/--set apply to chart arguments only', {
      hint: 'bundle again with those values, or give the chart instead of the bundle',
    });
  const gitops = f.format === 'gitops' ? { gitops: { inputs: f.gitops, cwd: process.cwd() } } : {};
  // on the isolated side the charts are the bundle's: the objects are only matched and rewritten
  if (isBundle) return { ...base, bundle: args[0], bundleTrust: toBundleTrust(f, rt.env), ...gitops };
  if (f.key.length > 0 || f.requireSignature)
    throw new UsageError(`${f.key.length > 0 ? '--key' : '--require-signature'} checks a bundle's signature; ${args.join(' ')} is not a bundle`, {
      hint: 'give the bundle (.tar, its folder or its airgap-lock.json), or leave the flag out for charts',
    });
  const { gitopsCharts } = await import('../bundle-flags.js');
  const specCharts = await gitopsCharts(
    f.gitops,
    process.cwd(),
    async () => (await rt.readStdin({ what: '--gitops -' })).toString('utf8'),
    (m) => rt.reporter.warn(m),
    f.format === 'gitops' ? (await import('../../overrides/gitops-overlay-patch.js')).OVERLAY_PATCH : undefined,
  );
  return {
    ...base,
    charts: await toChartArgs(rt, args, f),
    ...(specCharts.length > 0 ? { specCharts } : {}),
    ...gitops,
  };
}

export type { ValuesReport };
