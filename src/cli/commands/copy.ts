import { join } from 'node:path';
import { readSettings, registryCredentials } from '../settings.js';
import { Command } from 'commander';
import { DEFAULT_NAMING, namingHelp, parseNaming } from '../../ecr/naming.js';
import type { CopyItem, CopyOptions, CopyReport } from '../../app/copy/copy.js';
import { itemDestination, parseCopyList, parseEndpoint } from '../../app/copy/endpoint.js';
import { parsePlatforms } from '../../oci/platform.js';
import { loginHosts } from '../../registry/client.js';
import { credentialChain, staticCredentials } from '../../registry/credentials.js';
import { addSideLoginFlags, sideLogins, type SideLoginFlags } from '../login-flags.js';
import { InvalidReferenceError, UsageError } from '../../util/errors.js';
import { action, type Runtime, type RuntimeHost } from '../runtime.js';
import { collect, mirrorOption, toMirrors } from '../flags.js';
import { addDestinationFlags, toDestinationSettings, type DestinationFlags } from '../destination-flags.js';
import { listText } from '../list-text.js';
import { formatRepositories } from '../format/repositories.js';

const EXAMPLES = `
Locations (skopeo's names): docker://REF, oci:DIR[:REF], oci-archive:FILE[:REF]

Examples:
  # registry to registry, digests kept (migration needs no bundle)
  helm airgap copy docker://quay.io/jetstack/cert-manager-controller:v1.17.2 docker://registry.local/jetstack/cert-manager-controller:v1.17.2
  # into an OCI layout or a tarball; index.json names the image by its full reference
  helm airgap copy docker://nginx:1.27 oci:./images
  helm airgap copy --platform linux/amd64,linux/arm64 docker://nginx:1.27 oci-archive:nginx.tar
  # many images in parallel: one "SRC [DST]" per line (- reads stdin); docker://HOST/PREFIX puts each
  # under PREFIX/<source host>/<path> (--naming), and --write-map records where each went
  helm airgap copy --from-file images.txt oci-archive:images.tar
  helm airgap copy --from-file images.txt docker://127.0.0.1:5000/mirror --insecure-registry 127.0.0.1:5000 --write-map images.map.yaml
  # into ECR: each repository is created first, with these settings (as push creates them)
  helm airgap copy --from-file images.txt docker://123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror --tag-mutability IMMUTABLE --repo-tag team=platform
  # each side's login for its own registry only (docker login / helm registry login are read too)
  echo "$SRC_TOKEN" | HELM_AIRGAP_DEST_PASSWORD="$DST_TOKEN" helm airgap copy --src-username ci --src-password-stdin \\
    --dest-username robot docker://quay.io/org/app:1 docker://registry.local/org/app:1

More examples and the rules in full: docs/guide/template-copy-inspect.md.
`;

interface CopyFlags extends DestinationFlags, SideLoginFlags {
  fromFile?: string;
  fromMap?: string;
  platform?: string;
  all?: boolean;
  concurrency: number;
  withReferrers?: boolean;
  mirror: string[];
  insecureRegistry: string[];
  username?: string;
  passwordStdin?: boolean;
  naming?: string;
  writeMap?: string;
}

export function copyCommand(host: RuntimeHost): Command {
  return addSideLoginFlags(addDestinationFlags(new Command('copy')))
    .argument('<locations...>', 'SRC DST (or only DST with --from-file)')
    .option('--from-file <list>', 'copy every "SRC [DST]" line of this file (- for stdin), in parallel')
    .option('--from-map <map>', "copy every image of this image map from its destination (by digest), named by its source (the map's own name for it)")
    .option('--naming <mode>', 'with --from-file or --from-map: how each source is named below a docker://HOST/PREFIX destination (table below; default full)')
    .option('--write-map <file>', 'write where each image went (source → destination, digest, platforms) for values/postrender/verify/kustomize --map')
    .option('--platform <list>', 'only these platforms of a multi-arch index, e.g. linux/amd64,linux/arm64 (the index keeps its digest)')
    .option('--all', 'copy every platform (the default)')
    .option('--concurrency <n>', 'parallel transfers', (v) => Number(v), 8)
    .option('--with-referrers', 'also copy signatures, SBOMs and attestations (referrers API, cosign tags)')
    .addOption(mirrorOption())
    .option('--insecure-registry <host>', 'allow plain HTTP to this host (repeatable; loopback always allowed)', collect, [])
    .option('--username <user>', "the destination registry's login, with --password-stdin (the source's when DST is a layout or archive)")
    .option('--password-stdin', 'read the --username password from stdin')
    .addHelpText('after', `${EXAMPLES}\n${namingHelp()}\n`)
    .action(
      action(host, async (rt: Runtime, cmd: Command, locations: string[]) => {
        // Loaded on use so other commands' dependencies stay out of this one's memory and start-up.
        const { copyImages } = await import('../../app/copy/copy.js');
        const report = await copyImages(await toCopyOptions(rt, cmd.opts(), locations));
        rt.reporter.result(report, formatCopyReport);
      }),
    );
}

async function toCopyOptions(rt: Runtime, f: CopyFlags, locations: string[]): Promise<CopyOptions> {
  if (!Number.isInteger(f.concurrency) || f.concurrency < 1) throw new UsageError('--concurrency must be a positive integer');
  if (f.all && f.platform) throw new UsageError('--all and --platform contradict each other');
  if (f.passwordStdin && !f.username) throw new UsageError('--password-stdin needs --username');
  let items: CopyItem[];
  let destination: string | undefined;
  if (f.fromFile && f.fromMap) throw new UsageError('--from-file and --from-map both name what to copy: give one');
  const fromList = f.fromFile ?? f.fromMap;
  if (f.fromMap) {
    if (locations.length !== 1) throw new UsageError('with --from-map give only the destination', { hint: 'helm airgap copy --from-map MAP DST' });
    destination = locations[0];
    items = await mapItems(f.fromMap);
  } else if (f.fromFile) {
    if (locations.length !== 1) throw new UsageError('with --from-file give only the destination', { hint: 'helm airgap copy --from-file LIST DST' });
    destination = locations[0];
    const name = f.fromFile === '-' ? 'stdin' : f.fromFile;
    const text = await listText(rt, f.fromFile, '--from-file');
    items = parseCopyList(text, name).map((l) => ({ src: l.src, dst: l.dst, where: `${name}:${l.line}` }));
  } else {
    if (locations.length !== 2)
      throw new UsageError(`expected SRC DST, got ${locations.length} location(s)`, { hint: 'helm airgap copy docker://REF oci:DIR' });
    items = [{ src: locations[0] }];
    destination = locations[1];
  }
  for (const [where, text] of [...items.map((i) => [i.where ?? 'SRC', i.src]), ...items.filter((i) => i.dst).map((i) => [i.where ?? 'DST', i.dst!])])
    checkLocation(where, text);
  if (!/^docker:\/\/[^/]+\/?$/.test(destination) || !fromList) checkLocation('DST', destination);
  if (f.naming !== undefined && !fromList)
    throw new UsageError('--naming applies to --from-file lists and --from-map maps (a single copy names its destination whole)');
  return {
    items,
    destination,
    fromList: Boolean(fromList),
    naming: parseNaming(f.naming, DEFAULT_NAMING.list),
    writeMap: f.writeMap,
    platforms: f.platform ? parsePlatforms(f.platform) : undefined,
    concurrency: f.concurrency,
    withReferrers: f.withReferrers,
    ...(await toDestinationSettings(f, rt.env, readSettings(rt.env).home)),
    registry: {
      credentials: await credentials(rt, f, items, destination, toMirrors(f.mirror)),
      insecureHosts: f.insecureRegistry,
      mirrors: toMirrors(f.mirror),
    },
    ctx: rt.ctx,
  };
}

/** Each map entry from where the map says it is, pinned to the digest the map records, under its source's name. */
async function mapItems(file: string): Promise<CopyItem[]> {
  const { readImageMap } = await import('../../bundle/image-map-file.js');
  const map = await readImageMap(file, '--from-map');
  if (map.size === 0) throw new UsageError(`--from-map ${file}: the map has no images`, { hint: 'give the map a transfer or serve --write-map wrote' });
  return map.entries.map((e) => {
    const at = e.digest && !e.destination.includes('@') ? `${e.destination}@${e.digest}` : e.destination;
    return { src: `docker://${at}`, name: e.source, where: `${file}: ${e.source}` };
  });
}

/** Bad references in arguments or list lines are usage errors (exit 2), found before any transfer. */
function checkLocation(where: string, text: string): void {
  try {
    parseEndpoint(text);
  } catch (e) {
    if (e instanceof InvalidReferenceError) throw new UsageError(`${where}: ${e.message}`, { hint: e.hint });
    throw e;
  }
}

/**
 * Each side's login bound to that side's registries: the destination's to DST's host (never a
 * list's second-column hosts), the source's to the sources' registries and their mirrors.
 * --username/--password-stdin is the destination's, or the source's where DST is no registry.
 */
async function credentials(rt: Runtime, f: CopyFlags, items: CopyItem[], destination: string, mirrors: Record<string, string>) {
  const docker = registryCredentials(readSettings(rt.env), rt.env);
  const end = itemDestination({}, { destination }, true)?.end;
  const destHost = end?.kind === 'docker' ? end.ref.registry : undefined;
  const side = destHost ? 'dest' : 'src';
  if (f.username !== undefined) {
    if (f[`${side}Username`] !== undefined || f[`${side}Creds`] !== undefined)
      throw new UsageError(`--username and --${side}-username/--${side}-creds both name the ${destHost ? 'destination' : 'source'} login: give one`);
    f = { ...f, [`${side}Username`]: f.username, [`${side}PasswordStdin`]: f.passwordStdin };
  }
  const login = await sideLogins(rt, f, f.fromFile === '-' ? '--from-file -' : undefined);
  if (login.dest && !destHost)
    throw new UsageError(`the destination login is for a registry, and ${destination} is not one`, { hint: 'leave out the --dest-... login flags' });
  const sources = items.flatMap((i) => {
    const e = parseEndpoint(i.src);
    return e.kind === 'docker' ? [e.ref.registry] : [];
  });
  if (login.src && sources.length === 0)
    throw new UsageError('the source login is for a registry, and no source is one', { hint: 'leave out the --src-... login flags' });
  return credentialChain(
    login.dest && staticCredentials(login.dest, [destHost!]),
    login.src && staticCredentials(login.src, loginHosts(sources, mirrors)),
    docker,
  );
}

export function formatCopyReport(r: CopyReport): string[] {
  const lines = r.items.map(
    (i) =>
      `${i.source} → ${i.destination} ${i.digest}${i.platforms.length ? ` [${i.platforms.join(', ')}]` : ''}${i.referrers ? ` +${i.referrers} referrers` : ''}`,
  );
  if (r.repositories) lines.unshift(...formatRepositories(r.repositories, false));
  lines.push(`${r.items.length} image(s); ${r.blobsCopied} copied, ${r.blobsSkipped} already present, ${r.blobsMounted} mounted, ${r.bytesCopied} bytes moved`);
  if (r.archive) lines.push(`wrote ${r.archive.file} (${r.archive.bytes} bytes)`);
  if (r.mapFile) lines.push(`wrote ${r.mapFile}: use it with helm airgap values|postrender|verify|kustomize --map ${r.mapFile}`);
  return lines;
}
