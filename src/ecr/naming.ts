// Where each source repository lands in the target registry, and whether the target accepts
// that name (pure). Every name is computed and checked before the first byte is pushed: a
// half-mirrored bundle blocks an installation, so a bad name must fail the plan, not the push.

import { UsageError } from '../util/errors.js';

export type NamingMode = 'full' | 'drop-host' | 'flat';
export const NAMING_MODES: readonly NamingMode[] = ['full', 'drop-host', 'flat'];

/** What every --naming flag accepts: "default" is push's default, "full". */
export type NamingChoice = 'default' | NamingMode;
export const NAMING_CHOICES: readonly NamingChoice[] = ['default', ...NAMING_MODES];

/** Checks a --naming value (undefined: "default"). */
export function parseNamingChoice(naming: string | undefined): NamingChoice {
  const n = naming ?? 'default';
  if (!(NAMING_CHOICES as readonly string[]).includes(n)) {
    throw new UsageError(`--naming ${n} is not a naming mode`, { hint: `use one of: ${NAMING_CHOICES.join(', ')} (the same as push used)` });
  }
  return n as NamingChoice;
}

export function toNamingMode(n: NamingChoice): NamingMode {
  return n === 'default' ? 'full' : n;
}

export interface SourceRepository {
  /** Registry host as in the source reference, e.g. "quay.io", "docker.io", "localhost:5000". */
  registry: string;
  /** Repository path, e.g. "jetstack/cert-manager-controller", "library/nginx". */
  repository: string;
}

export interface NameRules {
  label: string;
  pattern: RegExp;
  minLength: number;
  maxLength: number;
}

/**
 * Name rules per target kind. ECR's pattern is stricter than the distribution spec's: one
 * separator between alphanumeric runs, so "a__b" and "a--b" are refused (AWS CreateRepository
 * pattern; ECR Public documents the same pattern with a 205-char limit).
 */
export const NAME_RULES = {
  ecr: {
    label: 'ECR',
    pattern: /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/,
    minLength: 2,
    maxLength: 256,
  },
  'ecr-public': {
    label: 'ECR Public',
    pattern: /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/,
    minLength: 2,
    maxLength: 205,
  },
  oci: {
    label: 'the OCI distribution spec',
    pattern: /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/,
    minLength: 1,
    maxLength: 255,
  },
} as const satisfies Record<string, NameRules>;

export type NameRulesKind = keyof typeof NAME_RULES;

const TAG_RE = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;

/** A registry host as a path segment: lower case, and the port's ":" (not allowed in names) as "-". */
function toHostSegment(registry: string): string {
  return registry.toLowerCase().replace(/:/g, '-');
}

function joinPrefix(prefix: string, rest: string): string {
  const p = prefix.replace(/^\/+|\/+$/g, '');
  return p ? `${p}/${rest}` : rest;
}

const MODE_PATHS: Record<NamingMode, (s: SourceRepository) => string> = {
  full: (s) => `${toHostSegment(s.registry)}/${s.repository}`,
  'drop-host': (s) => s.repository,
  // one level below the prefix, for registries that refuse nested names (Docker Hub, Quay orgs)
  flat: (s) => s.repository.split('/').join('-'),
};

/** e.g. ("mirrored", quay.io/jetstack/cert-manager-controller) → "mirrored/quay.io/jetstack/cert-manager-controller". */
export function toTargetRepository(source: SourceRepository, prefix: string, mode: NamingMode = 'full'): string {
  return joinPrefix(prefix, MODE_PATHS[mode](source));
}

/** Helm pushes chart NAME into "<namespace>/NAME"; ours is PREFIX/charts. */
export function toChartRepository(chartName: string, prefix: string): string {
  return joinPrefix(prefix, `charts/${chartName}`);
}

/** Helm's rule: OCI tags cannot hold "+", so chart versions carry "_" instead (helm/helm#10166). */
export function toChartTag(version: string): string {
  return version.replace(/\+/g, '_');
}

export function isValidTag(tag: string): boolean {
  return TAG_RE.test(tag);
}

export interface NamePlanEntry {
  /** What the user recognises: "quay.io/jetstack/cert-manager-controller" or "chart cert-manager". */
  source: string;
  target: string;
}

export interface NameProblem extends NamePlanEntry {
  reason: string;
}

/** Returns every name the target would refuse, and every target two sources would share. */
export function checkTargetNames(entries: readonly NamePlanEntry[], rules: NameRules): NameProblem[] {
  const problems: NameProblem[] = [];
  const owner = new Map<string, string>();
  for (const e of entries) {
    const reason = toNameViolation(e.target, rules);
    if (reason) problems.push({ ...e, reason });
    const first = owner.get(e.target);
    if (first === undefined) owner.set(e.target, e.source);
    else if (first !== e.source) problems.push({ ...e, reason: `collides with ${first} (both map to ${e.target})` });
  }
  return problems;
}

function toNameViolation(name: string, rules: NameRules): string | undefined {
  if (name.length < rules.minLength || name.length > rules.maxLength) {
    return `length ${name.length} is outside ${rules.minLength}..${rules.maxLength} allowed by ${rules.label}`;
  }
  if (!rules.pattern.test(name)) {
    return `does not match ${rules.label}'s repository name rule ${rules.pattern.source} (lower-case letters, digits, single . _ - between them, / between parts)`;
  }
  return undefined;
}
