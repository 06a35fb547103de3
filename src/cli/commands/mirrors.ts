import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import type { MirrorImage, MirrorsReport } from '../../app/mirrors/mirrors.js';
import type { MirrorRule } from '../../app/mirrors/rules.js';
import { formatRateLimit } from '../../registry/rate-limit.js';
import { PartialResultError, UsageError } from '../../util/errors.js';
import {
  addChartAccessFlags,
  addChartRenderFlags,
  addValuesFlags,
  collect,
  HELM_VERSION_FLAG,
  mirrorOption,
  toMirrors,
  type ChartFlagValues,
} from '../flags.js';
import { action, type Runtime, type RuntimeHost } from '../runtime.js';
import { helmFollowed, parsePairs, readSettings, registryCredentials, toChartArgs } from '../settings.js';
import { unreadableInput } from '../../util/input-file.js';

const DEFAULT_CANDIDATE = 'public.ecr.aws';

const EXAMPLES = `
For each image, judged by manifest digests only:
  identical           the candidate serves the same digest: safe to switch
  platform-identical  another index, but every platform image of the source is in it with the
                      same digest: safe to switch for the platforms named
  different           the candidate has the tag on other content (platforms it lacks are named)
  absent              no such repository or tag at the candidate
  no-rule             nothing proposes a candidate
Nothing is switched by this command: --write-map records the safe ones (identical and
platform-identical) in the image map that \`values --map\` and \`postrender --map\` read.

Inputs: an image list (a file, or - for stdin: one reference a line, # comments, an optional
second column naming that image's candidate), a bundle (.tar, folder, airgap-lock.json), or
charts as for \`images\`.

Examples:
  # which images of a list exist unchanged on public.ecr.aws; keep the safe ones
  helm airgap mirrors images.txt --write-map mirrors.yaml
  helm airgap values ./my-chart --map mirrors.yaml --allow-unmapped --out-dir values/
  # which images of a bundle, from stdin, from charts
  helm airgap mirrors bundle.tar --candidate public.ecr.aws
  grep -v internal.example images.txt | helm airgap mirrors - --candidate public.ecr.aws
  helm airgap mirrors cert-manager --repo https://charts.jetstack.io --candidate public.ecr.aws -o json
  # own rules: a YAML list of {from, to} repository prefixes, first match wins; "from:
  # docker.io/bitnami/" takes every image below it (a trailing /* on both sides means the same)
  helm airgap mirrors airgap-lock.json --rules mirror-rules.yaml --keep-going

More examples and the rules in full: docs/guide/mirrors.md.
`;

interface MirrorsFlags extends ChartFlagValues {
  candidate?: string;
  rules?: string;
  writeMap?: string;
  keepGoing?: boolean;
  concurrency: number;
  mirror: string[];
  insecureRegistry: string[];
  helmVersion?: string;
}

export function mirrorsCommand(host: RuntimeHost): Command {
  return addChartAccessFlags(addChartRenderFlags(addValuesFlags(new Command('mirrors'))))
    .argument('<inputs...>', 'image lists (files, - for stdin), a bundle (.tar, folder, airgap-lock.json), or charts as for `images`')
    .option('--candidate <host[/prefix]>', `where equivalents may be, with the usual rules (default ${DEFAULT_CANDIDATE})`)
    .option('--rules <file>', 'YAML list of {from, to} repository prefixes instead of --candidate')
    .option('--write-map <file>', 'write the safe images (identical, platform-identical) as the image map `values --map` reads')
    .option('--keep-going', 'check the other images when one cannot be read; exit 3 naming it')
    .option(...HELM_VERSION_FLAG)
    .option('--concurrency <n>', 'registries asked at once', (v) => Number(v), 8)
    .addOption(mirrorOption())
    .option('--insecure-registry <host>', 'allow plain HTTP to this host (repeatable; loopback always allowed)', collect, [])
    .option('--cache <dir>', 'chart download cache')
    .addHelpText('after', EXAMPLES)
    .action(
      action(host, async (rt: Runtime, cmd: Command, inputs: string[]) => {
        const f = cmd.opts() as MirrorsFlags;
        if (!Number.isInteger(f.concurrency) || f.concurrency < 1) throw new UsageError('--concurrency must be a positive integer');
        const rules = await toRules(f);
        const { from, images } = await imagesOf(rt, inputs, f);
        const { checkMirrors } = await import('../../app/mirrors/mirrors.js');
        const settings = readSettings(rt.env, { cache: f.cache });
        const report = await checkMirrors({
          from,
          images,
          rules,
          concurrency: f.concurrency,
          writeMap: f.writeMap,
          keepGoing: f.keepGoing,
          registry: {
            credentials: registryCredentials(settings, rt.env),
            insecureHosts: f.insecureRegistry,
            mirrors: toMirrors(f.mirror),
          },
          ctx: rt.ctx,
        }).catch((e: unknown) => {
          // -o json: one document, the error carrying the report
          if (e instanceof PartialResultError && rt.globals.output !== 'json') rt.reporter.result(e.report as MirrorsReport, formatMirrorsReport);
          throw e;
        });
        rt.reporter.result(report, formatMirrorsReport);
      }),
    );
}

/** Neither flag: public.ecr.aws, the equivalent this command exists for. */
async function toRules(f: MirrorsFlags): Promise<MirrorRule[]> {
  if (f.candidate && f.rules) throw new UsageError('give --candidate HOST or --rules FILE, not both');
  const { candidateRules, parseRules } = await import('../../app/mirrors/rules.js');
  if (!f.rules) return candidateRules(f.candidate ?? DEFAULT_CANDIDATE);
  const file = f.rules;
  const text = await readFile(file, 'utf8').catch((e: unknown) => {
    throw unreadableInput('--rules', file, e);
  });
  return parseRules(text, file);
}

async function imagesOf(rt: Runtime, inputs: string[], f: MirrorsFlags): Promise<{ from: string; images: MirrorImage[] }> {
  const { inputKind, readImageLists } = await import('../list-input.js');
  const kinds = await Promise.all(inputs.map((i) => inputKind(i)));
  if (kinds.includes('list')) {
    const other = inputs.find((_, i) => kinds[i] !== 'list');
    if (other !== undefined)
      throw new UsageError(`${other} is not an image list: give image lists alone, a bundle alone, or charts`, {
        hint: 'run mirrors once per kind of input',
      });
    if (inputs.filter((i) => i === '-').length > 1) throw new UsageError('- (stdin) given twice');
    const entries = await readImageLists(inputs, rt.readStdin);
    return {
      from: inputs.map((i) => (i === '-' ? 'stdin' : i)).join(' '),
      images: entries.map((e) => ({ ref: e.image, ...(e.destination !== undefined ? { candidate: e.destination.replace(/^docker:\/\//, '') } : {}) })),
    };
  }
  if (kinds.includes('bundle')) {
    if (inputs.length !== 1) throw new UsageError('give one bundle at a time', { hint: 'run mirrors once per bundle' });
    const { readBundleLock } = await import('../../bundle/open.js');
    const lock = await readBundleLock(inputs[0]!);
    return { from: inputs[0]!, images: lock.images.map((i) => ({ ref: i.ref, digest: i.digest })) };
  }
  const { findImages } = await import('../../app/images/images.js');
  const { EngineRenderer } = await import('../../helm/engine/renderer.js');
  const settings = readSettings(rt.env, { cache: f.cache });
  const found = await findImages(
    {
      ...(await toChartArgs(rt, inputs, f)),
      renderer: new EngineRenderer({ helmVersion: await helmFollowed(f.helmVersion, settings), skipSchemaValidation: f.skipSchemaValidation }),
    },
    rt.ctx,
  );
  return { from: `charts ${inputs.join(' ')}`, images: found.images.map((i) => ({ ref: i.ref })) };
}

export function formatMirrorsReport(r: MirrorsReport): string[] {
  const lines = r.checks.map((c) => {
    const to = c.candidate ? ` -> ${c.candidate}` : '';
    const why =
      c.status === 'different'
        ? ` (${c.sourceDigest} here, ${c.candidateDigest} there${c.missingPlatforms?.length ? `; not there: ${c.missingPlatforms.join(', ')}` : ''})`
        : c.status === 'platform-identical'
          ? ` (another index, ${c.candidateDigest}; same images for ${c.platforms!.map((p) => p.platform).join(', ')})`
          : c.error
            ? `: ${c.error}`
            : '';
    return `${c.status.toUpperCase().padEnd(18)} ${c.source}${to}${why}`;
  });
  const t = r.totals;
  lines.push(
    `${t.identical} identical, ${t['platform-identical']} platform-identical, ${t.different} different, ${t.absent} absent, ${t['no-rule']} without a rule, ${t.error} not checked`,
  );
  for (const l of r.rateLimits) lines.push(`rate limit: ${formatRateLimit(l)}`);
  if (r.mapFile) {
    const safe = t.identical + t['platform-identical'];
    lines.push(`wrote ${r.mapFile} (${safe} safe image(s)); use: helm airgap values ... --map ${r.mapFile}`);
  }
  return lines;
}
