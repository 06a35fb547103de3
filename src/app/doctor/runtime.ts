// The runtime the CLI runs on, and what the plugin's launcher needs to start it. Two variants:
// - portable: bin/helm-airgap runs `node` from PATH, so a host whose PATH has no node cannot run
//   `helm airgap` at all, even when this very check runs (a test, a checkout started with an
//   absolute node path). On such a host the launcher answers `doctor` itself (bin/helm-airgap).
// - self-contained (a per-platform tarball): Node is inside bin/helm-airgap-OS-ARCH, which the
//   launcher picks with `uname` (and answers --version and help with `cat`); no node on PATH.
import type { Finding } from './finding.js';
import { ALL_COMMANDS } from './finding.js';
import { onPath } from './path-search.js';

export interface RuntimeReport {
  node: string;
  execPath: string;
  embedded: boolean;
  /** The node bin/helm-airgap would start (undefined: none on PATH). */
  nodeOnPath?: string;
}

export interface RuntimeFacts {
  env: NodeJS.ProcessEnv;
  execPath: string;
  nodeVersion: string;
  /** Node's single-executable-application flag (node:sea isSea()): the self-contained variant. */
  isSea?: boolean;
  /** This CLI's version, for the name of the tarball that fits this host. */
  version: string;
  /** process.platform and process.arch. */
  platform: string;
  arch: string;
}

/** The tools the self-contained variant's launcher runs before its executable. */
const LAUNCHER_TOOLS = ['uname', 'cat'];

/** Node's support window (nodejs.org/about/previous-releases): 20 ended in April 2026. */
const OLDEST_SUPPORTED = 22;
/** The oldest Node the bundle is built for (scripts/build.mjs target). */
const OLDEST_RUNNING = 20;
/** The commands that call AWS: the SDK's releases after January 2027 need Node 22. */
const AWS_COMMANDS = ['push', 'sync', 'login', 'verify', 'copy'];

export async function inspectRuntime(f: RuntimeFacts): Promise<{ report: RuntimeReport; findings: Finding[] }> {
  const embedded = f.isSea === true;
  const selfContained = `the per-platform tarball airgap-${f.version}-${hostPlatform(f)}.tgz (Node inside)`;
  const nodeOnPath = await onPath('node', f.env.PATH);
  const report: RuntimeReport = { node: f.nodeVersion, execPath: f.execPath, embedded, ...(nodeOnPath ? { nodeOnPath } : {}) };
  const findings: Finding[] = [];
  const major = Number(/^v?(\d+)/.exec(f.nodeVersion)?.[1] ?? 0);
  const runtime = `Node.js ${f.nodeVersion} (${embedded ? 'embedded' : f.execPath})`;
  if (major < OLDEST_RUNNING)
    findings.push({
      area: 'runtime',
      subject: 'node',
      status: 'fail',
      detail: `${runtime} is older than ${OLDEST_RUNNING}`,
      next: `install Node.js ${OLDEST_SUPPORTED} or newer, or use ${selfContained}`,
      affects: ALL_COMMANDS,
    });
  else if (major < OLDEST_SUPPORTED)
    findings.push({
      area: 'runtime',
      subject: 'node',
      status: 'warn',
      detail: `${runtime}: out of upstream support; the AWS SDK's releases after January 2027 need Node.js ${OLDEST_SUPPORTED}`,
      next: `install Node.js ${OLDEST_SUPPORTED} or newer, or use ${selfContained}`,
      affects: AWS_COMMANDS,
    });
  else findings.push({ area: 'runtime', subject: 'node', status: 'ok', detail: runtime, affects: [] });
  if (embedded) findings.push(await launcherOfExecutable(f));
  else if (nodeOnPath) findings.push({ area: 'runtime', subject: 'launcher', status: 'ok', detail: `bin/helm-airgap runs ${nodeOnPath}`, affects: [] });
  else
    findings.push({
      area: 'runtime',
      subject: 'launcher',
      status: 'fail',
      detail: 'no node on PATH: bin/helm-airgap (what `helm airgap` runs) stops with "node: not found"',
      next: `install Node.js ${OLDEST_SUPPORTED} or newer on PATH (e.g. apt-get install nodejs), or use ${selfContained}`,
      affects: ALL_COMMANDS,
    });
  return { report, findings };
}

/** This host by Helm's names (GOOS-GOARCH), as the per-platform tarballs are named. */
function hostPlatform(f: RuntimeFacts): string {
  const arch = ({ x64: 'amd64', arm64: 'arm64' } as Record<string, string>)[f.arch] ?? f.arch;
  return `${f.platform}-${arch}`;
}

/** The self-contained variant: the launcher finds this executable with the tools it runs first. */
async function launcherOfExecutable(f: RuntimeFacts): Promise<Finding> {
  const found = await Promise.all(LAUNCHER_TOOLS.map(async (tool) => ({ tool, at: await onPath(tool, f.env.PATH) })));
  const missing = found.filter((t) => !t.at).map((t) => t.tool);
  const exe = f.execPath.split('/').pop();
  if (missing.length > 0)
    return {
      area: 'runtime',
      subject: 'launcher',
      status: 'fail',
      detail: `bin/helm-airgap (what \`helm airgap\` runs) finds bin/${exe} with ${LAUNCHER_TOOLS.join(' and ')}, and ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not on PATH`,
      next: `put ${missing.join(' and ')} (coreutils) on PATH`,
      affects: ALL_COMMANDS,
    };
  return {
    area: 'runtime',
    subject: 'launcher',
    status: 'ok',
    detail: `bin/helm-airgap runs bin/${exe}, Node inside: no node needed on PATH (${found.map((t) => t.at).join(', ')})`,
    affects: [],
  };
}
