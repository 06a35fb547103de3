// Every pod-spec image of a multi-document YAML stream (real Helm's or kustomize's output),
// read independently of discovery: each `image` of a containers / initContainers /
// ephemeralContainers list anywhere in any document.
import { parseAllDocuments } from 'yaml';
import { goYamlText } from '../../src/sprig/go-yaml-text.js';

const LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

export function podSpecImages(yamlStream: string): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (v === null || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v)) {
      if (LISTS.has(k) && Array.isArray(x)) for (const c of x) if (c && typeof c === 'object' && typeof c.image === 'string') out.push(c.image);
      walk(x);
    }
  };
  for (const d of parseAllDocuments(goYamlText(yamlStream))) walk(d.toJS());
  return out;
}

/** A Pod `name` whose one container runs `image` (a template expression, quoted): a chart's template in tests. */
export const podTemplate = (name: string, image: string): string => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  containers:
    - name: main
      image: "${image}"
`;
