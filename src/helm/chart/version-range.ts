// Masterminds semver constraints (what Helm uses for dependency versions and kubeVersion),
// checked with src/sprig's implementation of them. An unparsable constraint or version is "not
// compatible", as Helm's IsCompatibleRange.

import { parseVersion } from '../../sprig/semver.js';
import { matchesConstraint, parseConstraint } from '../../sprig/semver-constraint.js';

export function isCompatibleRange(constraint: string | undefined, version: string): boolean {
  if (!constraint || !constraint.trim()) return false;
  try {
    return matchesConstraint(parseConstraint(constraint), parseVersion(version));
  } catch {
    return false;
  }
}
