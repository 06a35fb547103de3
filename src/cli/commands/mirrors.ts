import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import type { MirrorImage, MirrorsReport } from '../../app/mirrors/mirrors.js';
import type { MirrorRule } from '../../app/mirrors/rules.js';
import { formatRateLimit } from '../../registry/rate-limit.js';
import { UsageError } from '../../util/errors.js';
import { addChartAccessFlags, addChartRenderFlags, addValuesFlags, collect, HELM_VERSION_FLAG, type ChartFlagValues } from '../flags.js';
import { action, type Runtime, type RuntimeHost } from '../runtime.js';
import { helmMajor, parsePairs, readSettings, registryCredentials, toChartArgs } from '../settings.js';
import { unreadableInput } from '../../util/input-file.js';

const EXAMPLES = `
For each image: identical (the candidate serves the same manifest digest: safe to switch),
different (same tag, other content), absent, or no-rule. Nothing is switched by this command:
--write-map records the identical ones for \`values --mirror-map\`.

Examples:
  # which images of a bundle exist unchanged on public.ecr.aws
  helm airgap mirrors bundle.tar --candidate public.ecr.aws
  # from charts, keeping the proven pairs for values
  helm airgap mirrors cert-manager --repo https://charts.jetstack.io --candidate public.ecr.aws --write-map mirrors.yaml
  helm airgap values cert-manager --repo https://charts.jetstack.io --mirror-map mirrors.yaml -o values/
  # own rules: a YAML list of {from: docker.io/library/*, to: mirror.example/library/*}, first match wins
  helm airgap mirrors airgap-lock.json --rules mirror-rules.yaml -o json

Default rules for --candidate C: docker.io/library/* -> C/docker/library/*, docker.io/* -> C/*,
ghcr.io/* -> C/*. Docker Hub's pull rate limit (ratelimit-remaining) is shown when it answers.
`;

interface MirrorsFlags extends ChartFlagValues {
  candidate?: string;
  rules?: string;
  writeMap?: string;
  concurrency: number;
  mirror: string[];
  insecureRegistry: string[];
  helmVersion?: string;
}

export function mirrorsCommand(host: RuntimeHost): Command {
  return addChartAccessFlags(addChartRenderFlags(addValuesFlags(new Command('mirrors'))))
    .argument('<inputs...>', 'a bundle (.tar, folder, airgap-lock.json) or charts as for `images`')
    .option('--candidate <host[/prefix]>', 'where equivalents may be, with the usual rules (e.g. public.ecr.aws)')
    .option('--rules <file>', 'YAML list of {from, to} repository prefixes instead of --candidate')
    .option('--write-map <file>', 'write the identical pairs for `values --mirror-map`')
    .option(...HELM_VERSION_FLAG)
    .option('--concurrency <n>', 'registries asked at once', (v) => Number(v), 8)
    .option('--mirror <registry=location>', 'reach REGISTRY at LOCATION, keeping names (repeatable)', collect, [])
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
          registry: {
            credentials: registryCredentials(settings, rt.env),
            insecureHosts: f.insecureRegistry,
            mirrors: parsePairs(f.mirror, '--mirror', 'docker.io=127.0.0.1:5000/docker.io'),
          },
          ctx: rt.ctx,
        });
        rt.reporter.result(report, formatMirrorsReport);
      }),
    );
}

async function toRules(f: MirrorsFlags): Promise<MirrorRule[]> {
  if (Boolean(f.candidate) === Boolean(f.rules))
    throw new UsageError('give --candidate HOST (e.g. public.ecr.aws) or --rules FILE', { hint: 'exactly one of them' });
  const { candidateRules, parseRules } = await import('../../app/mirrors/rules.js');
  if (f.candidate) return candidateRules(f.candidate);
  const file = f.rules!;
  const text = await readFile(file, 'utf8').catch((e: unknown) => {
    throw unreadableInput('--rules', file, e);
  });
  return parseRules(text, file);
}

async function imagesOf(rt: Runtime, inputs: string[], f: MirrorsFlags): Promise<{ from: string; images: MirrorImage[] }> {
  const { looksLikeBundle, readBundleLock } = await import('../../bundle/open.js');
  if (inputs.length === 1 && looksLikeBundle(inputs[0]!)) {
    const lock = await readBundleLock(inputs[0]!);
    return { from: inputs[0]!, images: lock.images.map((i) => ({ ref: i.ref, digest: i.digest })) };
  }
  const { findImages } = await import('../../app/images/images.js');
  const { EngineRenderer } = await import('../../helm/engine/renderer.js');
  const settings = readSettings(rt.env, { cache: f.cache });
  const found = await findImages(
    {
      ...(await toChartArgs(rt, inputs, f)),
      renderer: new EngineRenderer({ helmVersion: await helmMajor(f.helmVersion, settings), skipSchemaValidation: f.skipSchemaValidation }),
    },
    rt.ctx,
  );
  return { from: `charts ${inputs.join(' ')}`, images: found.images.map((i) => ({ ref: i.ref })) };
}

export function formatMirrorsReport(r: MirrorsReport): string[] {
  const lines = r.checks.map((c) => {
    const to = c.candidate ? ` -> ${c.candidate}` : '';
    const why = c.status === 'different' ? ` (${c.sourceDigest} here, ${c.candidateDigest} there)` : c.error ? `: ${c.error}` : '';
    return `${c.status.toUpperCase().padEnd(9)} ${c.source}${to}${why}`;
  });
  const t = r.totals;
  lines.push(`${t.identical} identical, ${t.different} different, ${t.absent} absent, ${t['no-rule']} without a rule, ${t.error} not checked`);
  for (const l of r.rateLimits) lines.push(`rate limit: ${formatRateLimit(l)}`);
  if (r.mapFile) lines.push(`wrote ${r.mapFile} (${t.identical} image(s)); use: helm airgap values ... --mirror-map ${r.mapFile}`);
  return lines;
}
