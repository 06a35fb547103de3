// Env vars a container reads from its own pod's annotations or labels (the downward API:
// `valueFrom.fieldRef.fieldPath: metadata.annotations['defaultExporterImageName']`). A chart that
// hands an operator its image settings this way (chideat's valkey-operator: the exporter's name and
// version in two annotations, joined by the operator) names them only in the pod's metadata, where
// nothing says they are images; read through the env var, they are what the program is told.

import type { PathSegment } from '../field-path.js';
import { getIn } from '../values/value-markers.js';
import { isRecord } from '../../util/is-record.js';

/** `metadata.annotations['k']`, `metadata.labels['k']` (also with double quotes): the map and its key. */
const OWN_METADATA = /^metadata\.(annotations|labels)\[['"]([^'"]+)['"]\]$/;

/** An env entry's value: written in it, or read from the pod's own metadata, with where the text is. */
export interface EnvText {
  value: string;
  path: readonly PathSegment[];
}

/**
 * The value of the env entry at `entryPath` (`...spec.containers[i].env[j]`) of document `doc`:
 * its literal `value`, else the annotation or label its fieldRef reads, from the metadata beside the
 * pod spec that holds the container (a template's, or the Pod's own).
 */
export function envText(doc: unknown, entryPath: readonly PathSegment[], entry: unknown): EnvText | undefined {
  if (!isRecord(entry)) return undefined;
  if (typeof entry.value === 'string') return { value: entry.value, path: [...entryPath, 'value'] };
  const fieldPath = isRecord(entry.valueFrom) && isRecord(entry.valueFrom.fieldRef) ? entry.valueFrom.fieldRef.fieldPath : undefined;
  const m = typeof fieldPath === 'string' ? OWN_METADATA.exec(fieldPath.trim()) : null;
  // the entry is `spec.containers[i].env[j]` of a pod spec; the metadata is the spec's sibling
  if (!m || entryPath.length < 5) return undefined;
  const path = [...entryPath.slice(0, -5), 'metadata', m[1]!, m[2]!];
  const value = getIn(doc, path);
  return typeof value === 'string' ? { value, path } : undefined;
}

/** The env list with each entry's value as the program reads it (a fieldRef to its own metadata resolved). */
export function resolvedEnv(doc: unknown, listPath: readonly PathSegment[], env: readonly unknown[]): readonly unknown[] {
  // asked once per entry of the list: most lists read nothing from their pod's metadata
  if (!env.some((e) => isRecord(e) && typeof e.value !== 'string' && isRecord(e.valueFrom))) return env;
  return env.map((e, i) => {
    if (!isRecord(e) || typeof e.value === 'string') return e;
    const text = envText(doc, [...listPath, i], e);
    return text ? { ...e, value: text.value } : e;
  });
}
