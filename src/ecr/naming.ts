// Where each source repository lands in the target registry, and whether the target accepts
// that name (pure). Every name is computed and checked before the first byte is pushed: a
// half-mirrored bundle blocks an installation, so a bad name must fail the plan, not the push.

import { UsageError } from '../util/errors.js';

/**
 * The one table of naming modes: every command that names a destination repository (push,
 * copy, sync, verify, values, postrender, kustomize, images -o skopeo-sync) reads it, and each
 * command's --help prints it (namingHelp). `below` is the source path a walk started from
 * (sync docker://HOST/P); outside such a walk it is "" and `path` names what `drop-host` does.
 */
export type NamingMode = 'full' | 'path' | 'drop-host' | 'flat' | 'base';

interface NamingRow {
  mode: NamingMode;
  shape: string;
  path: (s: SourceRepository, below: string) => string;
}

const NAMING_TABLE: readonly NamingRow[] = [
  { mode: 'full', shape: 'PREFIX/<source host>/<source path>', path: (s) => `${toHostSegment(s.registry)}/${s.repository}` },
  { mode: 'path', shape: 'PREFIX/<source path below the walked path>', path: (s, below) => belowPath(s.repository, below) },
  { mode: 'drop-host', shape: 'PREFIX/<source path>', path: (s) => s.repository },
  // one level below the prefix, for registries that refuse nested names (Docker Hub, Quay orgs)
  { mode: 'flat', shape: 'PREFIX/<source path with - for />', path: (s) => s.repository.split('/').join('-') },
  // skopeo sync without --scoped
  { mode: 'base', shape: 'PREFIX/<last part of the source path>', path: (s) => s.repository.split('/').pop()! },
];

export const NAMING_MODES: readonly NamingMode[] = NAMING_TABLE.map((r) => r.mode);

/** Older spellings still accepted: "default" was push's name for full; "scoped" is skopeo's. */
const NAMING_ALIASES: Readonly<Record<string, NamingMode>> = { default: 'full', scoped: 'full' };

/** What was transferred decides the default, the same in every command. */
export type NamingSource = 'list' | 'bundle' | 'registry';
export const DEFAULT_NAMING: Readonly<Record<NamingSource, NamingMode>> = { list: 'full', bundle: 'full', registry: 'path' };

/** Checks a --naming value, aliases included; undefined gives `fallback`. */
export function parseNaming(naming: string | undefined, fallback: NamingMode = 'full'): NamingMode {
  if (naming === undefined) return fallback;
  const mode = (NAMING_MODES as readonly string[]).includes(naming) ? (naming as NamingMode) : NAMING_ALIASES[naming];
  if (!mode)
    throw new UsageError(`--naming ${naming} is not a naming mode`, {
      hint: `use one of: ${NAMING_MODES.join(', ')} (the one the transfer used), or --map FILE from that transfer`,
    });
  return mode;
}

/** The table as --help prints it. */
export function namingHelp(): string {
  const width = Math.max(...NAMING_TABLE.map((r) => r.mode.length));
  const rows = NAMING_TABLE.map((r) => `  ${r.mode.padEnd(width)}  ${r.shape}`);
  const aliases = Object.entries(NAMING_ALIASES).map(([a, m]) => `${a} = ${m}`);
  return [
    'Naming (--naming), one table for every command:',
    ...rows,
    `Default: full for an image list or a bundle, path for a registry walked by sync (aliases: ${aliases.join(', ')}).`,
  ].join('\n');
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

/** team/app below "team" is "app"; the walked repository itself keeps its last part. */
function belowPath(repository: string, below: string): string {
  if (!below) return repository;
  if (repository.startsWith(`${below}/`)) return repository.slice(below.length + 1);
  return repository.split('/').pop()!;
}

/** e.g. ("mirrored", quay.io/jetstack/cert-manager-controller) → "mirrored/quay.io/jetstack/cert-manager-controller". */
export function toTargetRepository(source: SourceRepository, prefix: string, mode: NamingMode = 'full', below = ''): string {
  return joinPrefix(prefix, NAMING_TABLE.find((r) => r.mode === mode)!.path(source, below));
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
