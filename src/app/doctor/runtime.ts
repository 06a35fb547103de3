// The runtime the CLI runs on, and what the plugin's launcher needs to start it. Two variants:
// - portable: bin/helm-airgap runs `node` from PATH, so a host whose PATH has no node cannot run
//   `helm airgap` at all, even when this very check runs (a test, a checkout started with an
//   absolute node path). On such a host the launcher answers `doctor` itself (bin/helm-airgap).
// - self-contained (a per-platform tarball): Node is inside bin/helm-airgap-OS-ARCH, which the
//   launcher picks with `uname` (and answers --version and help with `cat`); no node on PATH.
import type { Finding } from './finding.js';
import { ALL_COMMANDS } from './finding.js';
import { onPath } from './path-search.js';
import { INSTALL, supported, TEXT } from '../../../bin/node-floor.cjs';

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

export async function inspectRuntime(f: RuntimeFacts): Promise<{ report: RuntimeReport; findings: Finding[] }> {
  const embedded = f.isSea === true;
  const selfContained = `the per-platform tarball airgap-${f.version}-${hostPlatform(f)}.tgz (Node inside)`;
  const nodeOnPath = await onPath('node', f.env.PATH);
  const report: RuntimeReport = { node: f.nodeVersion, execPath: f.execPath, embedded, ...(nodeOnPath ? { nodeOnPath } : {}) };
  const findings: Finding[] = [];
  const runtime = `Node.js ${f.nodeVersion} (${embedded ? 'embedded' : f.execPath})`;
  // here only when started without the launcher (a test, an absolute node path): it refuses such a Node
  if (!supported(f.nodeVersion))
    findings.push({
      area: 'runtime',
      subject: 'node',
      status: 'fail',
      detail: `${runtime} is outside the releases the CLI and its dependencies run on (${TEXT}): bin/helm-airgap refuses it`,
      next: `install ${INSTALL}, or use ${selfContained}`,
      affects: ALL_COMMANDS,
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
      next: `install ${INSTALL} on PATH, or use ${selfContained}`,
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
