// configMapGenerator and secretGenerator as kustomize runs them (api/internal/generators,
// api/hasher): data from literals, env files and files, then, once the whole build is done, the
// name suffixed with the hash kustomize computes, so what names the generated object (a Flux
// HelmRelease's valuesFrom through a nameReference) finds it under the name the cluster gets.
import { createHash } from 'node:crypto';
import { basename, resolve } from 'node:path';
import { UsageError } from '../../util/errors.js';

export interface Generated {
  kind: 'ConfigMap' | 'Secret';
  name: string;
  namespace?: string;
  behavior: 'create' | 'merge' | 'replace';
  type?: string;
  data: Record<string, string>;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  hash: boolean;
}

type ReadFile = (path: string, field: string) => Promise<string>;

/** The generators of one kustomization, their files read through `read` (the load restrictions). */
export async function runGenerators(dir: string, file: string, data: Record<string, unknown>, read: ReadFile): Promise<Generated[]> {
  const options = (data.generatorOptions ?? {}) as { disableNameSuffixHash?: unknown; labels?: unknown; annotations?: unknown };
  const out: Generated[] = [];
  for (const [field, kind] of [
    ['configMapGenerator', 'ConfigMap'],
    ['secretGenerator', 'Secret'],
  ] as const) {
    const list = data[field];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) throw new UsageError(`${file}: ${field}: expected a list`, { hint: 'fix the file; kubectl kustomize fails on it too' });
    for (const [i, g] of (list as Record<string, unknown>[]).entries()) {
      const at = `${file}: ${field}[${i}]`;
      if (typeof g?.name !== 'string') throw new UsageError(`${at}: no name`, { hint: 'name the generated object' });
      const own = (g.options ?? {}) as typeof options;
      const values: Record<string, string> = {};
      for (const l of strings(g.literals, at)) setPair(values, l, at);
      for (const e of [...strings(g.envs, at), ...(typeof g.env === 'string' ? [g.env] : [])]) {
        for (const line of (await read(resolve(dir, e), `${field}: envs`)).split(/\r?\n/)) {
          const t = line.trim();
          if (t === '' || t.startsWith('#')) continue;
          setPair(values, t, `${at} ${e}`);
        }
      }
      for (const f of strings(g.files, at)) {
        const eq = f.indexOf('=');
        const [key, path] = eq > 0 ? [f.slice(0, eq), f.slice(eq + 1)] : [basename(f), f];
        values[key] = await read(resolve(dir, path), `${field}: files`);
      }
      const behavior = (g.behavior ?? 'create') as Generated['behavior'];
      out.push({
        kind,
        name: g.name,
        ...(typeof g.namespace === 'string' ? { namespace: g.namespace } : {}),
        behavior,
        ...(kind === 'Secret' ? { type: typeof g.type === 'string' ? g.type : 'Opaque' } : {}),
        data: kind === 'Secret' ? Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Buffer.from(v).toString('base64')])) : values,
        labels: { ...record(options.labels), ...record(own.labels) },
        annotations: { ...record(options.annotations), ...record(own.annotations) },
        hash: !(own.disableNameSuffixHash === true || (own.disableNameSuffixHash === undefined && options.disableNameSuffixHash === true)),
      });
    }
  }
  return out;
}

/**
 * kustomize's name suffix (api/hasher): the first ten hex digits of the SHA-256 of Go's JSON of
 * {kind, name, data[, binaryData]} (Secrets: type and stringData too), 0 1 3 a e spelled g h k m t.
 * The name it hashes is empty: hasher.go looks "metadata/name" up as one field name.
 */
export function generatedHash(o: { kind?: unknown; type?: unknown; data?: unknown; binaryData?: unknown; stringData?: unknown }): string {
  const m: Record<string, unknown> = { kind: o.kind, name: '', data: o.data ?? '' };
  if (o.kind === 'Secret') m.type = o.type ?? '';
  if (o.kind === 'ConfigMap' && isRecord(o.binaryData)) m.binaryData = o.binaryData;
  if (o.kind === 'Secret' && isRecord(o.stringData)) m.stringData = o.stringData;
  const hex = createHash('sha256').update(goJson(m)).digest('hex');
  return hex.slice(0, 10).replace(/[013ae]/g, (c) => ({ '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' })[c]!);
}

/** encoding/json's bytes: map keys sorted, <, > and & escaped as \u003c, \u003e, \u0026. */
function goJson(v: unknown): string {
  const sorted = (x: unknown): unknown =>
    isRecord(x)
      ? Object.fromEntries(
          Object.keys(x)
            .sort()
            .map((k) => [k, sorted(x[k])]),
        )
      : Array.isArray(x)
        ? x.map(sorted)
        : x;
  return JSON.stringify(sorted(v))
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function setPair(values: Record<string, string>, line: string, at: string): void {
  const eq = line.indexOf('=');
  if (eq <= 0) throw new UsageError(`${at}: ${JSON.stringify(line)} is not KEY=VALUE`, { hint: 'fix the entry; kubectl kustomize fails on it too' });
  let v = line.slice(eq + 1);
  if (v.length >= 2 && ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'")))) v = v.slice(1, -1);
  values[line.slice(0, eq)] = v;
}

function strings(v: unknown, at: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new UsageError(`${at}: expected a list of strings`, { hint: 'fix the entry' });
  return v as string[];
}

function record(v: unknown): Record<string, string> {
  return isRecord(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)])) : {};
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
