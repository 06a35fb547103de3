// Masterminds semver constraints (what Helm uses for dependency versions and kubeVersion)
// checked with node-semver: commas mean AND, `||` OR, versions may omit minor/patch or carry a
// leading `v`. An unparsable constraint or version is "not compatible", as Helm's IsCompatibleRange.

import semver from 'semver';

function normaliseVersion(v: string): string | undefined {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/.exec(v.trim());
  if (!m) return undefined;
  return `${m[1]}.${m[2] ?? 0}.${m[3] ?? 0}${m[4] ?? ''}${m[5] ?? ''}`;
}

export function isCompatibleRange(constraint: string | undefined, version: string): boolean {
  if (!constraint || !constraint.trim()) return false;
  const v = normaliseVersion(version);
  if (!v) return false;
  const range = constraint
    .split('||')
    .map((part) => part.split(',').map((s) => s.trim()).filter(Boolean).join(' '))
    .join(' || ');
  try {
    return semver.satisfies(v, range, { loose: true, includePrerelease: /-/.test(constraint) });
  } catch {
    return false;
  }
}
