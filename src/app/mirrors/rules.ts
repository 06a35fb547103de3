// Where a public equivalent of an image may live (pure): rules map a source repository prefix to
// a candidate prefix, first match wins. `--candidate public.ecr.aws` stands for the usual ones;
// a rules file gives others. A rule only proposes a place: `mirrors` proves it by digest.
import { parseDocument } from 'yaml';
import { parseReference, type Reference } from '../../oci/reference.js';
import { UsageError } from '../../util/errors.js';

export interface MirrorRule {
  /** "docker.io/library/*": a registry and path; "*" (only at the end) is the rest of the path. */
  from: string;
  to: string;
}

/** The prefixes public.ecr.aws republishes under (Docker official images, then organisations). */
export function candidateRules(candidate: string): MirrorRule[] {
  const c = candidate.replace(/^(oci|https?):\/\//, '').replace(/\/+$/, '');
  return [
    { from: 'docker.io/library/*', to: `${c}/docker/library/*` },
    { from: 'docker.io/*', to: `${c}/*` },
    { from: 'ghcr.io/*', to: `${c}/*` },
  ];
}

export function parseRules(text: string, file: string): MirrorRule[] {
  const doc = parseDocument(text);
  if (doc.errors.length) throw new UsageError(`${file}: not YAML: ${doc.errors[0]!.message}`);
  const v = doc.toJS() as unknown;
  const list = Array.isArray(v) ? v : (v as { rules?: unknown } | null)?.rules;
  if (!Array.isArray(list) || list.length === 0)
    throw new UsageError(`${file}: expected a list of rules`, { hint: '- from: docker.io/library/*\n  to: public.ecr.aws/docker/library/*' });
  return list.map((r, i) => {
    const rule = r as Partial<MirrorRule> | null;
    const where = `${file}: rule ${i + 1}`;
    if (typeof rule?.from !== 'string' || typeof rule.to !== 'string') throw new UsageError(`${where}: needs from and to strings`);
    for (const [k, x] of [
      ['from', rule.from],
      ['to', rule.to],
    ] as const) {
      if (x.indexOf('*') >= 0 && (x.indexOf('*') !== x.length - 1 || !x.endsWith('/*')))
        throw new UsageError(`${where}: ${k} may hold "*" only as its last path part ("/*")`);
    }
    if (rule.from.endsWith('*') !== rule.to.endsWith('*')) throw new UsageError(`${where}: from and to must both end in /* or neither`);
    return { from: rule.from, to: rule.to };
  });
}

/**
 * The candidate repository for a source, with the source's tag and digest; undefined when no rule
 * applies. A rule is a repository prefix: `docker.io/bitnami/`, `docker.io/bitnami` and
 * `docker.io/bitnami/*` all take every repository below docker.io/bitnami (the rest of the path is
 * appended to `to`); without "*" the repository named itself matches too (then `to` is taken whole).
 * Prefixes match whole path parts: docker.io/bit takes nothing of docker.io/bitnami.
 */
export function candidateFor(ref: Reference, rules: readonly MirrorRule[]): Reference | undefined {
  const repo = `${ref.registry}/${ref.repository}`;
  for (const r of rules) {
    const wild = r.from.endsWith('/*');
    // rule prefixes are written as people write references: normalise "index.docker.io/..." style
    const fromRepo = normaliseRepo(trimPrefix(r.from));
    let rest: string | undefined;
    if (repo.startsWith(`${fromRepo}/`)) rest = repo.slice(fromRepo.length + 1);
    else if (!wild && repo === fromRepo) rest = '';
    if (rest === undefined) continue;
    const head = trimPrefix(r.to);
    const c = parseReference(rest ? `${head}/${rest}` : head);
    return { registry: c.registry, repository: c.repository, ...(ref.tag ? { tag: ref.tag } : {}), ...(ref.digest ? { digest: ref.digest } : {}) };
  }
  return undefined;
}

/** "docker.io/bitnami/*", "docker.io/bitnami/" → "docker.io/bitnami". */
function trimPrefix(s: string): string {
  return s.replace(/\/\*$/, '').replace(/\/+$/, '');
}

/** "docker.io/library" stays; a bare host stays a host. */
function normaliseRepo(s: string): string {
  if (!s.includes('/')) return s;
  const slash = s.indexOf('/');
  const host = s.slice(0, slash);
  return `${host === 'index.docker.io' ? 'docker.io' : host}${s.slice(slash)}`;
}
