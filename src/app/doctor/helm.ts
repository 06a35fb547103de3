// The Helms on this host and the plugin folders each reads. Both Helms read
// ~/.local/share/helm/plugins by default, and Helm 3 decodes every plugin.yaml there strictly:
// one Helm 4 manifest (apiVersion: v1, e.g. airgap-postrender) and Helm 3 loads no plugin at
// all. Each Helm is asked itself (`helm env HELM_PLUGINS`), with plugins off so a broken folder
// does not hide the answer.
import { execa } from 'execa';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ALL_COMMANDS, type Finding } from './finding.js';
import { allOnPath, onPath } from './path-search.js';
import { TEXT } from '../../../bin/node-floor.cjs';

export interface PluginFound {
  name: string;
  folder: string;
  /** plugin.yaml's apiVersion: undefined for the legacy form both Helms read. */
  apiVersion?: string;
  type?: string;
}

export interface HelmFound {
  path: string;
  via: 'HELM_BIN' | 'PATH';
  version?: string;
  major?: number;
  pluginFolders: string[];
  plugins: PluginFound[];
}

/** The folder only Helm 4 is told about, and where the way to fill it, signature checked, is written. */
const HELM4_PLUGINS = '$HOME/.local/share/helm4-plugins';
const BOTH_HELMS = 'docs/install.md, "Both Helms on one machine"';

/** The names a Helm goes by on PATH: helm, helm3, helm4, helm-v3.17, helm@3 ... */
const HELM_NAME = /^helm(?:[-_@]?v?[34][\w.-]*)?$/;
const ASK_MS = 10_000;

export async function inspectHelm(o: { env: NodeJS.ProcessEnv; helmBin?: string }): Promise<{ helms: HelmFound[]; findings: Finding[] }> {
  const candidates: { path: string; via: HelmFound['via'] }[] = [];
  // Helm 4 sets HELM_BIN to the name it was run by ("helm"): the one on PATH, listed once
  const helmBin = o.helmBin && !o.helmBin.includes('/') ? ((await onPath(o.helmBin, o.env.PATH)) ?? o.helmBin) : o.helmBin;
  if (helmBin) candidates.push({ path: helmBin, via: 'HELM_BIN' });
  for (const path of await allOnPath((n) => HELM_NAME.test(n), o.env.PATH)) if (path !== helmBin) candidates.push({ path, via: 'PATH' });
  const helms = await Promise.all(candidates.map((c) => describeHelm(c.path, c.via, c.via === 'HELM_BIN' ? o.env : ownSettings(o.env))));
  const node = await onPath('node', o.env.PATH);
  return { helms, findings: helms.length === 0 ? [noHelm()] : helms.flatMap((h) => findingsOf(h, node !== undefined, o.env.HOME)) };
}

/**
 * The environment another Helm on PATH is asked in. Run as a plugin, this process has the HELM_*
 * settings of the Helm that started it, HELM_PLUGINS included: the folders an alias such as
 * `helm4='HELM_PLUGINS=...:helm4-plugins helm4'` gives Helm 4 alone. Asked with it, a Helm 3 would
 * report Helm 4's folders as its own; without it, each Helm derives its own from its data home.
 */
function ownSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (env.HELM_PLUGIN_DIR === undefined && env.HELM_PLUGIN_NAME === undefined) return env;
  const { HELM_PLUGINS: _plugins, HELM_PLUGIN_DIR: _dir, HELM_PLUGIN_NAME: _name, HELM_BIN: _bin, ...rest } = env;
  return rest;
}

async function describeHelm(path: string, via: HelmFound['via'], env: NodeJS.ProcessEnv): Promise<HelmFound> {
  const ask = (args: string[]) =>
    execa(path, args, { env: { ...env, HELM_NO_PLUGINS: '1' }, extendEnv: false, reject: false, timeout: ASK_MS }).then((r) =>
      r.exitCode === 0 ? r.stdout.trim() : undefined,
    );
  const [version, folders] = await Promise.all([ask(['version', '--template', '{{.Version}}']), ask(['env', 'HELM_PLUGINS'])]);
  const major = version ? Number(/^v(\d+)\./.exec(version)?.[1]) || undefined : undefined;
  const pluginFolders = (folders ?? '').split(':').filter((f) => f !== '');
  const plugins = (await Promise.all(pluginFolders.map(pluginsIn))).flat();
  return { path, via, ...(version ? { version } : {}), ...(major ? { major } : {}), pluginFolders, plugins };
}

/** The plugins of one folder, as both Helms look for them: FOLDER/x/plugin.yaml, one level. */
async function pluginsIn(folder: string): Promise<PluginFound[]> {
  const out: PluginFound[] = [];
  for (const entry of await readdir(folder).catch(() => [] as string[])) {
    const text = await readFile(join(folder, entry, 'plugin.yaml'), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    const doc = manifestOf(text);
    out.push({
      name: typeof doc?.name === 'string' ? doc.name : entry,
      folder: join(folder, entry),
      ...(typeof doc?.apiVersion === 'string' ? { apiVersion: doc.apiVersion } : {}),
      ...(typeof doc?.type === 'string' ? { type: doc.type } : {}),
    });
  }
  return out;
}

/** An unreadable manifest is still a folder Helm tries: then it is named by its folder. */
function manifestOf(text: string): { name?: unknown; apiVersion?: unknown; type?: unknown } | null {
  try {
    return parseYaml(text) as { name?: unknown; apiVersion?: unknown; type?: unknown } | null;
  } catch {
    return null;
  }
}

function noHelm(): Finding {
  return {
    area: 'helm',
    subject: 'helm',
    status: 'warn',
    detail: 'no helm on PATH and no $HELM_BIN: the commands run only as ./bin/helm-airgap, and --renderer helm cannot run',
    next: 'install Helm 3.8 or newer (https://helm.sh/docs/intro/install/), then `helm plugin install` the airgap tarball',
    affects: ['template', 'values'],
  };
}

function findingsOf(h: HelmFound, nodeOnPath: boolean, home: string | undefined): Finding[] {
  const subject = `${h.path} (${h.via})`;
  if (!h.version) return [{ area: 'helm', subject, status: 'warn', detail: 'does not answer `version` as Helm does', next: `check ${h.path}`, affects: [] }];
  const airgap = h.plugins.find((p) => p.name === 'airgap');
  const folders = h.pluginFolders.join(':') || '(none)';
  const findings: Finding[] = [
    {
      area: 'helm',
      subject,
      status: 'ok',
      detail: `Helm ${h.version}; plugin folders ${folders}; ${airgap ? `airgap plugin in ${airgap.folder}` : 'airgap plugin not installed'}`,
      affects: [],
    },
  ];
  if (h.major === 3) {
    for (const p of h.plugins.filter((x) => x.apiVersion !== undefined)) {
      findings.push({
        area: 'helm',
        subject,
        status: 'fail',
        detail: `${p.folder} is a Helm 4 plugin (apiVersion: ${p.apiVersion}) in a folder Helm 3 reads: Helm 3 loads no plugin at all ("unknown field \\"apiVersion\\""), \`helm airgap\` is an unknown command`,
        next:
          home !== undefined && p.folder.startsWith(HELM4_PLUGINS.replace('$HOME', home) + '/')
            ? `${h.path} reads ${HELM4_PLUGINS} itself (HELM_PLUGINS=${folders}): give that folder to Helm 4 alone (${BOTH_HELMS})`
            : `mkdir -p "${HELM4_PLUGINS}" && mv "${p.folder}" "${HELM4_PLUGINS}/", then run Helm 4 with HELM_PLUGINS="${folders}:${HELM4_PLUGINS}" (${BOTH_HELMS})`,
        affects: ALL_COMMANDS,
      });
    }
  }
  if (h.major === 4 && airgap && !h.plugins.some((p) => p.name === 'airgap-postrender' && p.type === 'postrenderer/v1'))
    findings.push({
      area: 'helm',
      subject,
      status: 'warn',
      // its portable tarball runs node from PATH; the per-platform one has Node inside
      detail: `no airgap-postrender plugin: Helm 4 takes \`--post-renderer airgap-postrender\` only from it${nodeOnPath ? '' : `, and its portable tarball runs on ${TEXT} from PATH, which this host lacks`}`,
      next: nodeOnPath
        ? `helm plugin install --keyring KEYRING.gpg airgap-postrender-VERSION.tgz (its .prov beside it; with a Helm 3 on this host: ${BOTH_HELMS})`
        : `helm plugin install --keyring KEYRING.gpg airgap-postrender-VERSION-OS-ARCH.tgz (Node inside, its .prov beside it; with a Helm 3 on this host: ${BOTH_HELMS}), or rewrite the rendered manifests in a pipe: helm template ... | helm airgap postrender --registry ...`,
      affects: ['postrender'],
    });
  return findings;
}
