// Judges an object by the structural OpenAPI schema of a real CRD (test/gitops/crds, taken from
// the Argo CD and Flux repositories), strictly, as `kubectl apply --validate=strict` does: types,
// required fields, enums, and no field the schema does not define (unless it keeps unknown fields).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  required?: string[];
  enum?: unknown[];
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
}

const CRDS = join(import.meta.dirname, '../gitops/crds');
const FILES = ['argocd-application', 'flux-helmrelease', 'flux-helmrepository', 'flux-ocirepository'];

/** The problems of `obj` against the CRD of its apiVersion and kind ([] when valid); throws when no CRD given is for it. */
export function crdProblems(obj: { apiVersion?: string; kind?: string }): string[] {
  const [group, version] = String(obj.apiVersion).split('/');
  for (const f of FILES) {
    const crd = JSON.parse(readFileSync(join(CRDS, `${f}.json`), 'utf8')) as { group: string; kind: string; versions: Record<string, Schema> };
    if (crd.group !== group || crd.kind !== obj.kind) continue;
    const schema = crd.versions[version!];
    if (!schema) return [`${obj.apiVersion} ${obj.kind}: version ${version} is not served (served: ${Object.keys(crd.versions).join(', ')})`];
    const out: string[] = [];
    check(obj, schema, '', out);
    return out;
  }
  throw new Error(`no CRD for ${obj.apiVersion} ${obj.kind}`);
}

function check(v: unknown, s: Schema, at: string, out: string[]): void {
  if (v === null || v === undefined) return;
  if (s['x-kubernetes-int-or-string']) {
    if (typeof v !== 'string' && !Number.isInteger(v)) out.push(`${at}: not an int or string`);
    return;
  }
  if (s.enum && !s.enum.includes(v)) out.push(`${at}: ${JSON.stringify(v)} not one of ${JSON.stringify(s.enum)}`);
  switch (s.type) {
    case 'string':
      if (typeof v !== 'string') out.push(`${at}: ${JSON.stringify(v)} is not a string`);
      return;
    case 'integer':
      if (!Number.isInteger(v)) out.push(`${at}: not an integer`);
      return;
    case 'number':
      if (typeof v !== 'number') out.push(`${at}: not a number`);
      return;
    case 'boolean':
      if (typeof v !== 'boolean') out.push(`${at}: not a boolean`);
      return;
    case 'array':
      if (!Array.isArray(v)) out.push(`${at}: not a list`);
      else if (s.items) v.forEach((x, i) => check(x, s.items!, `${at}[${i}]`, out));
      return;
  }
  if (s.type === 'object' || s.properties) {
    if (typeof v !== 'object' || Array.isArray(v)) {
      out.push(`${at}: not an object`);
      return;
    }
    const o = v as Record<string, unknown>;
    for (const r of s.required ?? []) if (!(r in o)) out.push(`${at}.${r}: required`);
    for (const [k, x] of Object.entries(o)) {
      const p = s.properties?.[k];
      if (p) check(x, p, `${at}.${k}`, out);
      else if (typeof s.additionalProperties === 'object') check(x, s.additionalProperties, `${at}.${k}`, out);
      else if (!s['x-kubernetes-preserve-unknown-fields'] && s.additionalProperties !== true && (s.properties || s.additionalProperties === false))
        out.push(`${at}.${k}: unknown field`);
    }
  }
}
