import { Command } from 'commander';
import { chartSourceAccess, helmFollowed, namespaceOf, readSettings } from '../settings.js';
import type { TemplateReport } from '../../app/template/template.js';
import { UsageError } from '../../util/errors.js';
import { action, type Runtime, type RuntimeHost } from '../runtime.js';
import { collect, addChartAccessFlags, addValuesFlags, HELM_VERSION_FLAG, type ChartFlagValues } from '../flags.js';

const EXAMPLES = `
Examples:
  # render a chart archive with its default values, as helm template does
  helm airgap template ./cert-manager-v1.17.2.tgz
  helm airgap template my-release ./cert-manager-v1.17.2.tgz -n cert-manager
  # values files and --set, a release name and namespace, CRDs included
  helm airgap template ./chart -f prod.yaml --set image.tag=1.2.3 --name web -n apps --include-crds
  # only some templates, for a given cluster version
  helm airgap template ./chart --show-only templates/deployment.yaml --kube-version 1.30
  # compare with the real helm (inside helm, $HELM_BIN is set)
  helm airgap template ./chart --renderer helm

More examples and the rules in full: docs/guide/template-copy-inspect.md.
`;

interface Flags extends ChartFlagValues {
  name: string;
  nameTemplate?: string;
  includeCrds?: boolean;
  skipTests?: boolean;
  isUpgrade?: boolean;
  showOnly: string[];
  renderer: string;
}

export function templateCommand(host: RuntimeHost): Command {
  return addChartAccessFlags(addValuesFlags(new Command('template')))
    .argument('<chart>', 'chart folder, .tgz, repo/name, name with --repo, or oci:// (or NAME CHART, as helm template takes them)')
    .argument('[chart-after-name]', 'the chart, when the first argument is the release name')
    .option('--name <release>', 'release name', 'release-name')
    .option('--name-template <tpl>', 'release name from a template, as helm (e.g. "{{ randAlpha 6 | lower }}")')
    .option('-n, --namespace <ns>', 'release namespace (default: $HELM_NAMESPACE, else default)')
    .option('--repo <url>', 'chart repository URL for a chart name')
    .option('--version <constraint>', 'chart version or constraint (repositories and oci://)')
    .option('--devel', 'allow prerelease versions')
    .option('--cache <dir>', 'chart download cache (default: $HELM_AIRGAP_CACHE or ~/.cache/helm-airgap)')
    .option('--kube-version <v>', 'Kubernetes version for .Capabilities (default: the Helm followed: v1.36.0 as 4.2, v1.35.0 as 4.1, v1.32.0 as 3.17)')
    .option('-a, --api-versions <gv>', 'extra API versions for .Capabilities (repeatable, comma-separated)', collect, [])
    .option('--include-crds', 'print the crds/ files first')
    .option('--skip-tests', 'leave out test hooks')
    .option('--is-upgrade', 'set .Release.IsUpgrade')
    .option('-s, --show-only <path>', 'only templates matching this path/glob, e.g. templates/deployment.yaml (repeatable)', collect, [])
    .option(...HELM_VERSION_FLAG)
    .option('--renderer <kind>', 'builtin (our engine) or helm ($HELM_BIN template)', 'builtin')
    .addHelpText('after', EXAMPLES)
    .action(
      action(host, async (rt: Runtime, c: Command, first: string, second?: string) => {
        const f = c.opts<Flags>();
        const [name, chart] = second === undefined ? [f.name, first] : [first, second];
        const settings = readSettings(rt.env, { cache: f.cache });
        if (f.renderer !== 'builtin' && f.renderer !== 'helm') throw new UsageError(`--renderer ${f.renderer}: use builtin or helm`);
        const { templateChart } = await import('../../app/template/template.js');
        const report = await templateChart(
          {
            chart,
            releaseName: name,
            nameTemplate: f.nameTemplate,
            namespace: namespaceOf(f.namespace, settings),
            valueFiles: f.values,
            set: f.set,
            setString: f.setString,
            setJson: f.setJson,
            setFile: f.setFile,
            setLiteral: f.setLiteral,
            kubeVersion: f.kubeVersion,
            apiVersions: f.apiVersions.flatMap((a) => a.split(',')),
            includeCrds: f.includeCrds,
            skipTests: f.skipTests,
            isUpgrade: f.isUpgrade,
            showOnly: f.showOnly,
            renderer: f.renderer,
            helmBin: settings.helmBin,
            helmVersion: await helmFollowed(f.helmVersion, settings),
            skipSchemaValidation: f.skipSchemaValidation,
            source: {
              repo: f.repo,
              version: f.version,
              devel: f.devel,
              cacheDir: settings.cacheDir,
              baseDir: process.cwd(),
              ...(await chartSourceAccess(rt, [chart], f)),
            },
          },
          rt.ctx,
        );
        if (rt.globals.output === 'json') rt.reporter.result(report, () => '');
        else rt.reporter.raw(report.manifest);
      }),
    );
}

export type { TemplateReport };
