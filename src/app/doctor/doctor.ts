// `helm airgap doctor`: what this host has and lacks for each command. Every check runs at once;
// each is a file of its own (helm, runtime, credentials, repositories, cache). The result is a
// report: the command decides how to print it and that any failed finding means exit 3.
import { inspectCache, type CacheReport } from './cache.js';
import { inspectCredentials, type CredentialFound } from './credentials.js';
import { ALL_COMMANDS, worst, type Finding, type Status } from './finding.js';
import { inspectHelm, type HelmFound } from './helm.js';
import { probeRepositories, type RepositoryProbe } from './repositories.js';
import { inspectRuntime, type RuntimeFacts, type RuntimeReport } from './runtime.js';

export type { Finding, Status };

export interface DoctorInput {
  env: NodeJS.ProcessEnv;
  helmBin?: string;
  dockerConfig: string;
  helmRegistryConfig: string;
  helmRepositoryConfig: string;
  cacheDir: string;
  runtime: Omit<RuntimeFacts, 'env'>;
  timeoutMs: number;
}

export interface CommandReadiness {
  command: string;
  status: Status;
  /** The subjects of the findings that make it warn or fail. */
  because: string[];
}

export interface DoctorReport {
  status: Status;
  helm: HelmFound[];
  runtime: RuntimeReport;
  credentials: CredentialFound[];
  repositories: RepositoryProbe[];
  cache: CacheReport;
  commands: CommandReadiness[];
  findings: Finding[];
}

export async function doctor(i: DoctorInput): Promise<DoctorReport> {
  const [helm, runtime, credentials, repositories, cache] = await Promise.all([
    inspectHelm({ env: i.env, helmBin: i.helmBin }),
    inspectRuntime({ env: i.env, ...i.runtime }),
    inspectCredentials(i),
    probeRepositories({ file: i.helmRepositoryConfig, timeoutMs: i.timeoutMs }),
    inspectCache(i.cacheDir),
  ]);
  const findings = [...helm.findings, ...runtime.findings, ...credentials.findings, ...repositories.findings, ...cache.findings];
  const commands = ALL_COMMANDS.map((command): CommandReadiness => {
    const hits = findings.filter((f) => f.status !== 'ok' && f.affects.includes(command));
    const status = worst(hits.map((f) => f.status));
    return { command, status, because: [...new Set(hits.filter((f) => f.status === status).map((f) => f.subject))] };
  });
  return {
    status: worst(findings.map((f) => f.status)),
    helm: helm.helms,
    runtime: runtime.report,
    credentials: credentials.credentials,
    repositories: repositories.repositories,
    cache: cache.cache,
    commands,
    findings,
  };
}
