// What `doctor` says about one thing it looked at. A finding that fails names the commands it
// stops and carries the command line (or the step) that fixes it, shown as a `next:` line.

export type Status = 'ok' | 'warn' | 'fail';

export type Area = 'helm' | 'runtime' | 'credentials' | 'repositories' | 'cache';

export interface Finding {
  area: Area;
  /** What was looked at: a helm binary, a registry host, a repository name, a folder. */
  subject: string;
  status: Status;
  detail: string;
  /** How to fix it (warn and fail only). */
  next?: string;
  /** The commands this finding matters to (a fail here makes each of them fail). */
  affects: readonly string[];
}

/** The commands, grouped by what they need from the host. */
export const CHART_COMMANDS = ['images', 'template', 'values', 'bundle', 'mirrors'] as const;
export const REGISTRY_COMMANDS = ['bundle', 'push', 'sync', 'copy', 'verify', 'mirrors', 'login'] as const;
export const ALL_COMMANDS = [...new Set([...CHART_COMMANDS, ...REGISTRY_COMMANDS, 'postrender', 'inspect'])];

export function worst(statuses: readonly Status[]): Status {
  return statuses.includes('fail') ? 'fail' : statuses.includes('warn') ? 'warn' : 'ok';
}
