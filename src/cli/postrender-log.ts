// Helm 4 runs a post-renderer plugin with its stderr captured and prints only `plugin
// "airgap-postrender" exited with error` (even with --debug), so every failure of a run as that
// plugin (a usage error before any command code as much as a failed rewrite) is also written here.
// Helm 3 shows a post-renderer's stderr itself and takes no plugin name, so it never gets a log.
import { mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** The name Helm 4's post-renderer plugin has (plugins/airgap-postrender/plugin.yaml). */
export const HELM4_POSTRENDER_PLUGIN = 'airgap-postrender';

/** Printed by `postrender --help`: the answers are written once at build, so the path is given as Helm resolves it. */
export const POSTRENDER_LOG_HELP = `Failure log (Helm 4 hides a post-renderer's stderr: each failure goes to the terminal and is kept in):
  $HELM_CACHE_HOME/helm-airgap/postrender-error.log
  (HELM_CACHE_HOME unset: $XDG_CACHE_HOME/helm, else ~/.cache/helm)`;

/**
 * Helm 4 passes a post-renderer the user's own environment only (no HELM_CACHE_HOME unless
 * exported), so the default is worked out as Helm's helmpath does on Linux and macOS.
 */
export function postrenderLogPath(env: NodeJS.ProcessEnv): string {
  const cache = env.HELM_CACHE_HOME || join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache'), 'helm');
  return join(cache, 'helm-airgap', 'postrender-error.log');
}

export function runsAsHelm4PostRenderer(env: NodeJS.ProcessEnv): boolean {
  return env.HELM_PLUGIN_NAME === HELM4_POSTRENDER_PLUGIN;
}

/** Writes the reason (and its next: line) of a failed run; a log that cannot be written must not hide the failure itself. */
export async function keepPostrenderFailure(env: NodeJS.ProcessEnv, err: unknown): Promise<void> {
  const message = err instanceof Error ? err.message : String(err);
  const hint = (err as { hint?: unknown } | null)?.hint;
  const text = `${new Date().toISOString()} helm-airgap postrender: ${message}\n${typeof hint === 'string' ? `next: ${hint}\n` : ''}`;
  const file = postrenderLogPath(env);
  let kept = false;
  try {
    await mkdir(dirname(file), { recursive: true });
    const { writeFileAtomic } = await import('../util/atomic-write.js');
    await writeFileAtomic(file, text);
    kept = true;
  } catch {
    // the error itself still goes to stderr and the exit code
  }
  await toTerminal(`${text.replace(/^\S+ /, '')}${kept ? `(kept in ${file})\n` : ''}`);
}

/**
 * The reason on the user's terminal, which Helm 4 leaves the post-renderer: it captures stderr and
 * prints only that the plugin failed. No terminal (CI, a pipe from a job): the log and the exit
 * code say it.
 */
async function toTerminal(text: string): Promise<void> {
  const { open } = await import('node:fs/promises');
  try {
    const tty = await open('/dev/tty', 'w');
    try {
      await tty.write(text);
    } finally {
      await tty.close();
    }
  } catch {
    // no controlling terminal
  }
}
