// The runtime the CLI runs on, and the one the plugin's launcher would start: bin/helm-airgap
// runs `node` from PATH, so a host whose PATH has no node cannot run `helm airgap` at all, even
// when this very check runs (a test, a checkout started with an absolute node path). A
// self-contained build sets HELM_AIRGAP_EMBEDDED in its launcher and needs no node on PATH.
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
  /** Node's single-executable-application flag (node:sea isSea()), when the runtime has one. */
  isSea?: boolean;
}

/** Node's support window (nodejs.org/about/previous-releases): 20 ended in April 2026. */
const OLDEST_SUPPORTED = 22;
/** The oldest Node the bundle is built for (scripts/build.mjs target). */
const OLDEST_RUNNING = 20;
/** The commands that call AWS: the SDK's releases after January 2027 need Node 22. */
const AWS_COMMANDS = ['push', 'sync', 'login', 'verify', 'copy'];

export async function inspectRuntime(f: RuntimeFacts): Promise<{ report: RuntimeReport; findings: Finding[] }> {
  const embedded = Boolean(f.env.HELM_AIRGAP_EMBEDDED) || f.isSea === true;
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
      next: `install Node.js ${OLDEST_SUPPORTED} or newer, or the self-contained plugin tarball`,
      affects: ALL_COMMANDS,
    });
  else if (major < OLDEST_SUPPORTED)
    findings.push({
      area: 'runtime',
      subject: 'node',
      status: 'warn',
      detail: `${runtime}: out of upstream support; the AWS SDK's releases after January 2027 need Node.js ${OLDEST_SUPPORTED}`,
      next: `install Node.js ${OLDEST_SUPPORTED} or newer, or the self-contained plugin tarball`,
      affects: AWS_COMMANDS,
    });
  else findings.push({ area: 'runtime', subject: 'node', status: 'ok', detail: runtime, affects: [] });
  if (embedded) findings.push({ area: 'runtime', subject: 'launcher', status: 'ok', detail: 'runtime embedded: no node needed on PATH', affects: [] });
  else if (nodeOnPath) findings.push({ area: 'runtime', subject: 'launcher', status: 'ok', detail: `bin/helm-airgap runs ${nodeOnPath}`, affects: [] });
  else
    findings.push({
      area: 'runtime',
      subject: 'launcher',
      status: 'fail',
      detail: 'no node on PATH: bin/helm-airgap (what `helm airgap` runs) stops with "node: not found"',
      next: `install Node.js ${OLDEST_SUPPORTED} or newer on PATH (e.g. apt-get install nodejs), or install the self-contained plugin tarball`,
      affects: ALL_COMMANDS,
    });
  return { report, findings };
}
