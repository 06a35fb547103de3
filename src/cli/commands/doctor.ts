import { Command } from 'commander';
import type { DoctorReport, Finding } from '../../app/doctor/doctor.js';
import { PartialResultError, UsageError } from '../../util/errors.js';
import { action, type Runtime, type RuntimeHost } from '../runtime.js';
import { readSettings } from '../settings.js';
import { VERSION } from '../version.js';

const EXAMPLES = `
Examples:
  helm airgap doctor
  # for a script: the whole report, exit 3 when anything needs fixing
  helm airgap doctor -o json
  # slow links: give each chart repository longer to answer
  helm airgap doctor --timeout 15

Looks at: every Helm on PATH and $HELM_BIN with the plugin folders each reads (a Helm 4 plugin in a
folder Helm 3 reads stops every Helm 3 plugin), the runtime (Node.js, or embedded) and the node
bin/helm-airgap starts, credentials per registry in docker's config, Helm's registry config and
repositories.yaml (hosts and kinds, never values), whether each chart repository answers
(index.yaml), and the download cache. Each finding to fix has a next: line.
`;

interface Flags {
  timeout: string;
  cache?: string;
}

export function doctorCommand(host: RuntimeHost): Command {
  return new Command('doctor')
    .option('--timeout <seconds>', 'how long each chart repository has to answer', '5')
    .option('--cache <dir>', 'the download cache to look at (default: $HELM_AIRGAP_CACHE, else ~/.cache/helm-airgap)')
    .addHelpText('after', EXAMPLES)
    .action(
      action(host, async (rt: Runtime, c: Command) => {
        const f = c.opts<Flags>();
        const seconds = Number(f.timeout);
        if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`--timeout ${f.timeout}: give seconds, e.g. 5`);
        const s = readSettings(rt.env, { cache: f.cache });
        const { doctor } = await import('../../app/doctor/doctor.js');
        const report = await doctor({
          env: rt.env,
          helmBin: s.helmBin,
          dockerConfig: s.dockerConfig,
          helmRegistryConfig: s.helmRegistryConfig,
          helmRepositoryConfig: s.helmRepositoryConfig,
          cacheDir: s.cacheDir,
          runtime: {
            execPath: process.execPath,
            nodeVersion: process.version,
            isSea: isSea(),
            version: VERSION,
            platform: process.platform,
            arch: process.arch,
          },
          timeoutMs: Math.round(seconds * 1000),
        });
        const failed = report.findings.filter((x) => x.status === 'fail');
        // -o json: one document, the report itself or the error carrying it
        if (failed.length === 0 || rt.globals.output !== 'json') rt.reporter.result(report, formatDoctorReport);
        if (failed.length > 0)
          throw new PartialResultError(
            `doctor: ${failed.length} thing${failed.length === 1 ? '' : 's'} to fix (${failed.map((x) => x.subject).join(', ')})`,
            failed.map((x) => ({ item: `${x.area} ${x.subject}`, error: x.detail })),
            report,
            { hint: 'each FAIL above has its own next: line' },
          );
      }),
    );
}

/**
 * Node's single-executable-application flag; false on a runtime without node:sea. Not by import():
 * the executable runs the CLI as a vm script (bin/code-cache.cjs), which has no dynamic import, so
 * an import() there threw and the self-contained plugin took itself for the portable one.
 */
function isSea(): boolean {
  const builtin = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  const sea = builtin?.('node:sea') as { isSea?: () => boolean } | undefined;
  return sea?.isSea?.() ?? false;
}

const TITLES: Record<Finding['area'], string> = {
  helm: 'Helm',
  runtime: 'Runtime',
  credentials: 'Credentials (hosts and kinds only)',
  repositories: 'Chart repositories',
  cache: 'Cache',
};

export function formatDoctorReport(r: DoctorReport): string[] {
  const lines: string[] = [];
  for (const area of Object.keys(TITLES) as Finding['area'][]) {
    const found = r.findings.filter((f) => f.area === area);
    if (area === 'repositories' && found.length === 0)
      found.push({ area, subject: '(none)', status: 'ok', detail: 'no `helm repo add` repositories', affects: [] });
    lines.push(TITLES[area]);
    for (const f of found) {
      lines.push(`  ${f.status === 'ok' ? 'ok  ' : f.status.toUpperCase()}  ${f.subject}: ${f.detail}`);
      if (f.next && f.status !== 'ok') lines.push(`        next: ${f.next}`);
    }
  }
  lines.push('Commands');
  // one line per outcome and cause: "FAIL  images, template: repository private"
  const groups = new Map<string, string[]>();
  for (const c of r.commands) {
    const key = c.status === 'ok' ? 'ok    ready' : `${c.status === 'fail' ? 'FAIL' : 'WARN'}  because of ${c.because.join(', ')}`;
    groups.set(key, [...(groups.get(key) ?? []), c.command]);
  }
  for (const [key, commands] of groups) lines.push(`  ${key}: ${commands.join(', ')}`);
  return lines;
}
