// Whether each chart repository of `helm repo add` answers: a HEAD of its index.yaml (GET where
// a server refuses HEAD), with the repository's own TLS settings from repositories.yaml, a short
// timeout, a few at a time. No credentials are sent: a repository that asks for them answers, and
// whether any are stored for it is the finding.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { readFile } from 'node:fs/promises';
import { rootCertificates } from 'node:tls';
import { createPool } from '../../util/pool.js';
import { redactUserinfo } from '../../util/secret.js';
import { CHART_COMMANDS, type Finding } from './finding.js';
import { readRepoEntries, type RepoEntry } from './repositories-file.js';

export interface RepositoryProbe {
  name: string;
  url: string;
  answers: boolean;
  status?: number;
  ms: number;
  error?: string;
}

const CONCURRENCY = 8;
const MAX_REDIRECTS = 3;

export async function probeRepositories(o: { file: string; timeoutMs: number }): Promise<{ repositories: RepositoryProbe[]; findings: Finding[] }> {
  const entries = await readRepoEntries(o.file);
  if (entries === 'invalid') return { repositories: [], findings: [] }; // credentials.ts reports the file
  const pool = createPool(CONCURRENCY);
  const repositories = await Promise.all(entries.filter((r) => typeof r.url === 'string').map((r) => pool.run(() => probe(r, o.timeoutMs))));
  const findings = repositories.map((p): Finding => {
    const entry = entries.find((e) => e.name === p.name)!;
    const where = `${p.name} ${p.url}`;
    if (p.answers) {
      const asks = p.status === 401 || p.status === 403;
      if (asks && !entry.username)
        return {
          area: 'repositories',
          subject: p.name,
          status: 'fail',
          detail: `${where}: asks for credentials (HTTP ${p.status}) and repositories.yaml holds none for it`,
          next: `helm repo add ${p.name} ${p.url} --username USER --password-stdin --force-update`,
          affects: CHART_COMMANDS,
        };
      return { area: 'repositories', subject: p.name, status: 'ok', detail: `${where}: answers (HTTP ${p.status}, ${p.ms} ms)`, affects: [] };
    }
    return {
      area: 'repositories',
      subject: p.name,
      status: 'fail',
      detail: `${where}: no answer (${p.error})`,
      next: `check the network path to ${p.url}, or remove it: helm repo remove ${p.name}`,
      affects: CHART_COMMANDS,
    };
  });
  return { repositories, findings };
}

async function probe(r: RepoEntry, timeoutMs: number): Promise<RepositoryProbe> {
  const url = String(r.url);
  const shown = redactUserinfo(url);
  const started = Date.now();
  const done = (x: Partial<RepositoryProbe>): RepositoryProbe => ({ name: r.name, url: shown, answers: false, ms: Date.now() - started, ...x });
  let ca: string[] | undefined;
  if (typeof r.caFile === 'string' && r.caFile) {
    const pem = await readFile(r.caFile, 'utf8').catch(() => undefined);
    if (pem === undefined) return done({ error: `caFile ${r.caFile} cannot be read` });
    ca = [...rootCertificates, pem];
  }
  const signal = AbortSignal.timeout(timeoutMs);
  let target = new URL(url.replace(/\/+$/, '') + '/index.yaml');
  // credentials written into the URL are not sent either
  target.username = '';
  target.password = '';
  try {
    for (let hop = 0; ; hop++) {
      let res = await send(target, 'HEAD', { ca, insecure: r.insecure_skip_tls_verify === true, signal });
      if (res.statusCode === 405 || res.statusCode === 501) res = await send(target, 'GET', { ca, insecure: r.insecure_skip_tls_verify === true, signal });
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (status >= 300 && status < 400 && location && hop < MAX_REDIRECTS) {
        target = new URL(location, target);
        continue;
      }
      if (status >= 200 && status < 300) return done({ answers: true, status });
      if (status === 401 || status === 403) return done({ answers: true, status });
      return done({ status, error: `HTTP ${status} for index.yaml` });
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = signal.aborted ? `nothing within ${timeoutMs / 1000} s` : (err.code ?? err.message);
    return done({ error: why });
  }
}

/** One request; the body (GET) is not read: the status line is the answer. */
function send(url: URL, method: 'HEAD' | 'GET', o: { ca?: string[]; insecure: boolean; signal: AbortSignal }): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const options = { method, signal: o.signal, headers: { 'user-agent': 'helm-airgap-doctor' } };
    const req =
      url.protocol === 'https:' ? httpsRequest(url, { ...options, ...(o.ca ? { ca: o.ca } : {}), rejectUnauthorized: !o.insecure }) : httpRequest(url, options);
    req.on('response', (res) => {
      res.destroy();
      resolve(res);
    });
    req.on('error', reject);
    req.end();
  });
}
