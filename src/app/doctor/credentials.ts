// Which registries and chart repositories this host holds credentials for, and where: docker's
// config.json, Helm's registry config (`helm registry login`) and repositories.yaml (`helm repo
// add`). Only the presence and kind of each is read into the report, never a value: a secret is
// not decoded, and the report names only hosts, files and helper programs.
import { access, readFile } from 'node:fs/promises';
import { toHostname } from '../../registry/docker-config.js';
import { CHART_COMMANDS, REGISTRY_COMMANDS, type Finding } from './finding.js';
import { findCredentialHelper, isHelperName } from '../../registry/credential-helper.js';
import { jsonErrorPosition } from '../../util/json-position.js';
import { readRepoEntries } from './repositories-file.js';

export interface CredentialFound {
  /** Registry host, or the chart repository's name and host. */
  registry: string;
  source: 'docker config' | 'helm registry config' | 'helm repositories';
  file: string;
  /** username/password, identity token, helper NAME, client certificate ... */
  kind: string;
}

export interface CredentialFiles {
  dockerConfig: string;
  helmRegistryConfig: string;
  helmRepositoryConfig: string;
  env: NodeJS.ProcessEnv;
}

interface DockerFile {
  auths?: Record<string, Record<string, unknown> | null>;
  credsStore?: unknown;
  credHelpers?: Record<string, unknown>;
}

export async function inspectCredentials(o: CredentialFiles): Promise<{ credentials: CredentialFound[]; findings: Finding[] }> {
  const credentials: CredentialFound[] = [];
  const findings: Finding[] = [];
  for (const [source, file] of [
    ['docker config', o.dockerConfig],
    ['helm registry config', o.helmRegistryConfig],
  ] as const) {
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    let cfg: DockerFile;
    try {
      cfg = JSON.parse(text) as DockerFile;
    } catch {
      // not the parser's message: it quotes the text around the error, which may be a secret
      const at = jsonErrorPosition(text);
      findings.push(unreadable(file, `not valid JSON${at ? ` at line ${at.line}, column ${at.column}` : ''}`, REGISTRY_COMMANDS));
      continue;
    }
    const helpers = new Set<string>();
    for (const [key, entry] of Object.entries(cfg.auths ?? {})) {
      const kind = entry?.identitytoken
        ? 'identity token'
        : entry?.registrytoken
          ? 'registry token'
          : entry?.auth || (entry?.username && entry.password)
            ? 'username/password'
            : typeof cfg.credsStore === 'string'
              ? `helper ${cfg.credsStore}`
              : 'empty entry';
      credentials.push({ registry: toHostname(key), source, file, kind });
    }
    for (const [key, helper] of Object.entries(cfg.credHelpers ?? {})) {
      if (typeof helper !== 'string') continue;
      helpers.add(helper);
      credentials.push({ registry: toHostname(key), source, file, kind: `helper ${helper}` });
    }
    if (typeof cfg.credsStore === 'string') helpers.add(cfg.credsStore);
    for (const helper of helpers) {
      const program = `docker-credential-${helper}`;
      if (!isHelperName(helper)) {
        findings.push({
          area: 'credentials',
          subject: program,
          status: 'fail',
          detail: `${file} names the credential helper ${JSON.stringify(helper)}, which is not a plain name ([A-Za-z0-9._-]+): it is refused, and every registry it serves fails to log in`,
          next: `write the helper's name only (found on PATH), or remove it from credHelpers/credsStore in ${file}`,
          affects: REGISTRY_COMMANDS,
        });
        continue;
      }
      if (await findCredentialHelper(helper, o.env.PATH)) continue;
      findings.push({
        area: 'credentials',
        subject: program,
        status: 'fail',
        detail: `${file} names the credential helper "${helper}", and ${program} is not in an absolute folder of PATH: every registry it serves fails to log in`,
        next: `install ${program} on PATH, or remove "${helper}" from credHelpers/credsStore in ${file}`,
        affects: REGISTRY_COMMANDS,
      });
    }
  }
  findings.push(...(await repositoryCredentials(o.helmRepositoryConfig, credentials)));
  for (const c of credentials)
    findings.push({ area: 'credentials', subject: c.registry, status: 'ok', detail: `${c.kind} (${c.source} ${c.file})`, affects: [] });
  if (credentials.length === 0)
    findings.push({
      area: 'credentials',
      subject: '(none)',
      status: 'ok',
      detail: `no credentials in ${o.dockerConfig}, ${o.helmRegistryConfig} or ${o.helmRepositoryConfig}: anonymous access only`,
      affects: [],
    });
  return { credentials, findings };
}

/** repositories.yaml: what each entry carries (credentials, TLS files), and files it names that are gone. */
async function repositoryCredentials(file: string, out: CredentialFound[]): Promise<Finding[]> {
  const list = await readRepoEntries(file);
  if (list === 'invalid') return [unreadable(file, 'not valid YAML', CHART_COMMANDS)];
  const findings: Finding[] = [];
  for (const r of list) {
    const kinds = [
      r.username ? (r.password ? 'username/password' : 'username without password') : '',
      r.certFile ? 'client certificate' : '',
      r.caFile ? 'CA file' : '',
      r.insecure_skip_tls_verify === true ? 'TLS verification off' : '',
    ].filter(Boolean);
    const registry = `${r.name} (${typeof r.url === 'string' ? toHostname(r.url) : '?'})`;
    if (kinds.length > 0) out.push({ registry, source: 'helm repositories', file, kind: kinds.join(', ') });
    for (const key of ['caFile', 'certFile', 'keyFile'] as const) {
      const named = r[key];
      if (typeof named !== 'string' || named === '') continue;
      if (
        await access(named).then(
          () => true,
          () => false,
        )
      )
        continue;
      findings.push({
        area: 'credentials',
        subject: r.name,
        status: 'fail',
        detail: `${file}: repository ${r.name}'s ${key} ${named} is not there`,
        next: `put the file back, or add the repository again: helm repo add ${r.name} URL --force-update with --${key === 'caFile' ? 'ca-file' : key === 'certFile' ? 'cert-file' : 'key-file'}`,
        affects: CHART_COMMANDS,
      });
    }
  }
  return findings;
}

function unreadable(file: string, why: string, affects: readonly string[]): Finding {
  return { area: 'credentials', subject: file, status: 'fail', detail: `${file} cannot be parsed: ${why}`, next: `fix or remove ${file}`, affects };
}
