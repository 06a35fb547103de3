import { Command } from 'commander';
import type { BundleFlags } from '../bundle-flags.js';
import { PartialFailureError, UsageError } from '../../util/errors.js';
import { readListInput } from '../list-input.js';
import type { ImageListEntry } from '../../oci/image-list.js';
import { action, type Runtime, type RuntimeHost } from '../runtime.js';
import { VERSION } from '../version.js';
import { addChartAccessFlags, CATALOG_FLAG, collect, mirrorOption, NODE_OS_FLAG, takeOutputAsPath, trustedRootOption } from '../flags.js';
import { keyPasswordOption } from '../signing-flags.js';

const EXAMPLES = `
Examples:
  # everything airgap.yaml names (charts, values, extra images, excludes, mirrors)
  helm airgap bundle --spec airgap.yaml --out bundle.tar
  # every release of a GitOps checkout (helmfile, Argo CD Applications, Flux HelmReleases)
  helm airgap bundle --gitops ./clusters/prod --out bundle.tar
  # one chart from an HTTP repository with a values file, only amd64 images; see the plan and sizes first
  helm airgap bundle cert-manager --repo https://charts.jetstack.io --version '~1.17' -f prod.yaml --platform linux/amd64 --dry-run
  # an OCI chart, optional images too, one JSON report (bundle file via --out)
  helm airgap bundle oci://ghcr.io/acme/charts/app --version 1.2.3 --include-optional --out app.tar -o json
  # an image list (one reference a line, # comments; - reads stdin), alone or beside charts
  helm airgap bundle images.txt --out images.tar
  helm airgap bundle ./charts/a --image-list extra-images.txt --out a.tar

More examples and the rules in full: docs/guide/bundle.md.
`;

const FORMATS = ['text', 'json'];

export function bundleCommand(host: RuntimeHost): Command {
  const cmd = addChartAccessFlags(new Command('bundle'))
    .argument('[charts...]', 'chart name (with --repo), oci:// reference, folder or .tgz; or an image list file')
    // the attribute is `file` (the second long name); --spec is the name to use
    .option('--spec, --file <airgap.yaml>', 'bundle spec (docs/airgap-yaml.md); --file is the same')
    .option(
      '--gitops <path>',
      'helmfile, Argo CD Application/ApplicationSet and Flux HelmRelease objects: a file, a folder of them, or - (stdin); each release is a chart (repeatable)',
      collect,
      [],
    )
    .option('--out <bundle.tar>', 'bundle file to write (-o is the output format)')
    .option('--repo <url>', 'chart repository URL for chart names')
    .option('--version <constraint>', 'chart version or constraint (^1.2, ~1.2.3, >=1 <2)')
    .option('--chart-version <constraint>', 'same as --version')
    .option('--devel', 'allow prerelease versions')
    .option(
      '-f, --values <file>',
      'values file for the charts on the command line (repeatable, in order; an airgap spec given as -f is still read as --spec, deprecated)',
      collect,
      [],
    )
    .option('--set <k=v>', 'value for the charts on the command line (repeatable)', collect, [])
    .option('--set-string <k=v>', 'string value (repeatable)', collect, [])
    .option('--release-name <name>', 'release name for the render (default: chart name)')
    .option('--namespace <ns>', 'namespace for the render', undefined)
    .option('--kube-version <v>', 'Kubernetes version for .Capabilities')
    .option('--platform <os/arch>', 'keep only these platforms (repeatable or comma separated; default all)', collect, [])
    .addOption(mirrorOption())
    .option('--insecure-registry <host>', 'allow plain HTTP to this host (repeatable)', collect, [])
    .option('--include-optional', 'also carry optional images (toggles, annotations, values blocks)')
    .option('--exclude <glob>', 'leave out images matching the glob (repeatable)', collect, [])
    .option('--image <ref>', 'extra image to carry (repeatable)', collect, [])
    .option(...NODE_OS_FLAG, collect, [])
    .option(...CATALOG_FLAG, collect, [])
    .option('--image-list <file>', 'carry every image of this list (one reference a line; - for stdin; repeatable)', collect, [])
    .option('--add-repo <name=url>', 'named chart repository for name/chart and @name dependencies (repeatable)', collect, [])
    .option('--with-referrers', 'carry signatures, SBOMs and attestations: OCI referrers and cosign tags (the default)')
    .option('--no-with-referrers', 'leave signatures, SBOMs and attestations out')
    .option(
      '--verify-key <file|awskms://KEY>',
      'refuse an image not signed by this PEM public key or AWS KMS key (cosign .sig tag or Sigstore bundle; every image airgap.yaml signatures: does not cover)',
    )
    .option('--certificate-identity <id>', 'keyless: the signer identity (certificate SAN) every signature must name')
    .option('--certificate-identity-regexp <re>', 'keyless: a regular expression over the signer identity')
    .option('--certificate-oidc-issuer <url>', 'keyless: the OIDC issuer the signing certificate must name')
    .option('--certificate-oidc-issuer-regexp <re>', 'keyless: a regular expression over the OIDC issuer')
    .addOption(trustedRootOption("carried in the bundle; default for keyless: the verified target of Sigstore's TUF repository"))
    .option('--tuf-mirror <url>', "take the trusted root from this TUF repository instead of Sigstore's public one (as cosign initialize --mirror)")
    .option('--tuf-root <file>', 'the TUF root.json that --tuf-mirror is trusted by (as cosign initialize --root; cached for later runs)')
    .option(
      '--keyring <file>',
      "refuse a repository chart whose .prov is not signed by a key of this OpenPGP keyring (as helm verify --keyring; every chart airgap.yaml's keyring entries do not cover)",
    )
    .option('--since <previous>', 'a differential bundle: carry only what PREVIOUS (a bundle or its airgap-lock.json) does not hold')
    .option('--split-size <size>', 'write NAME.tar.000, .001… of at most this size (e.g. 4GiB) and NAME.tar.SHA256SUMS; every command reads the parts')
    .option(
      '--sign-key <private.pem|awskms://KEY>',
      'sign the lock (and so the bundle) with this PEM private key (ECDSA P-256/P-384, Ed25519 or RSA; mode 600) or AWS KMS key',
    )
    .addOption(keyPasswordOption())
    .option('--no-scan-images', "do not read the controllers' own images for the images their programs compile in")
    .option('--require-complete', 'exit 3 (after writing the bundle) while a controller that can make workloads has compiled-in images nothing accounts for')
    .option('--dry-run', 'print the plan with sizes; pull no blobs, write nothing')
    .option('--keep-going', 'bundle what works; exit 3 naming what failed')
    .option('--cache <dir>', 'download cache (default: $HELM_AIRGAP_CACHE or ~/.cache/helm-airgap)')
    .option('--concurrency <n>', 'parallel transfers', (v) => Number(v), 8)
    .addHelpText('after', EXAMPLES);
  takeOutputAsPath(cmd, 'out', FORMATS, 'give the bundle file once, as --out FILE (-o is the output format: text or json)');
  return cmd.action(
    action(host, async (rt: Runtime, c: Command, charts: string[]) => {
      // loaded on use, as in every command: --help and --version load none of it
      const [{ bundle }, { toBundleOptions }, { formatBundleReport }] = await Promise.all([
        import('../../app/bundle/bundle.js'),
        import('../bundle-flags.js'),
        import('../format/bundle.js'),
      ]);
      const f = c.opts() as BundleFlags & { imageList: string[] };
      // an argument that reads as an image list is one; everything else is a chart
      const chartArgs: string[] = [];
      const lists: [string, ImageListEntry[]][] = [];
      for (const arg of charts) {
        const list = await readListInput(rt, arg);
        if (list) lists.push([arg, list]);
        else chartArgs.push(arg);
      }
      for (const file of f.imageList) {
        const list = await readListInput(rt, file);
        if (!list) throw new UsageError(`--image-list ${file}: not an image list (one reference a line)`, { hint: 'check the file; charts go as arguments' });
        lists.push([file, list]);
      }
      for (const [path, list] of lists) {
        f.image = [...f.image, ...list.map((e) => e.image)];
        if (list.some((e) => e.destination)) rt.reporter.warn(`${path}: the destination column is for copy; a bundle carries images by their source names`);
      }
      const o = await toBundleOptions(chartArgs, f, {
        env: rt.env,
        cwd: process.cwd(),
        createdBy: `helm-airgap ${VERSION}`,
        readPassword: async () => (await rt.readStdin()).toString('utf8'),
        readStdinText: async () => (await rt.readStdin({ what: '--gitops -' })).toString('utf8'),
        warn: (m) => rt.reporter.warn(m),
        ctx: rt.ctx,
      });
      const { useCatalog } = await import('../../app/scan/operator-catalog.js');
      const catalog = await useCatalog(o.spec.catalog);
      const report = await bundle({ ...o, catalog }, rt.ctx);
      rt.reporter.result(report, formatBundleReport);
      if (report.failures.length > 0) {
        throw new PartialFailureError(`bundle: ${report.failures.length} item(s) failed: ${report.failures.map((f) => f.item).join(', ')}`, report.failures);
      }
      const unverified = report.unverifiedControllers ?? [];
      if (f.requireComplete && unverified.length > 0)
        throw new PartialFailureError(
          `bundle: ${unverified.length} controller(s) unverified: ${unverified.map((u) => u.controller).join(', ')}`,
          unverified.map((u) => ({ item: u.controller, error: u.reason })),
          { code: 'ERR_UNVERIFIED_CONTROLLERS', hint: unverified[0]!.next },
        );
    }),
  );
}
