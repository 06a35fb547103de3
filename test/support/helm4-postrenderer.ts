// Real Helm 4 with this checkout's post-renderer installed as a postrenderer/v1 plugin (Helm 4
// takes a plugin name for --post-renderer), in a Helm home of its own under `work`. The plugin
// starts bin/helm-airgap: `npm run build` first.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { realHelm, type RealHelm } from './tools.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Installs the plugin `airgap-postrender` under `work`; returns real Helm `judge` (4.1.4 unless
 * said) and the environment that finds it. `command` replaces the launcher (a wrapper around it).
 */
export async function helm4WithPostRenderer(
  work: string,
  judge: Exclude<RealHelm, 3 | '3.17'> = 4,
  command: string = join(ROOT, 'bin/helm-airgap'),
): Promise<{ helm4: string; env: Record<string, string> }> {
  const plugin = join(work, 'plugins', 'airgap-postrender');
  await mkdir(plugin, { recursive: true });
  await writeFile(
    join(plugin, 'plugin.yaml'),
    `apiVersion: v1\ntype: postrenderer/v1\nname: airgap-postrender\nversion: 0.1.0\nruntime: subprocess\nconfig: {}\nruntimeConfig:\n  platformCommand:\n    - command: ${JSON.stringify(command)}\n      args: ["postrender"]\n`,
  );
  const env = {
    HOME: work,
    PATH: process.env.PATH ?? '',
    HELM_PLUGINS: join(work, 'plugins'),
    HELM_CACHE_HOME: join(work, 'cache'),
    HELM_CONFIG_HOME: join(work, 'config'),
  };
  return { helm4: (await realHelm(judge)).helm, env };
}
