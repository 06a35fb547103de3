// The user values of a spec chart (airgap.yaml, or a GitOps release read into one): its values
// files, then its inline values, then set and set-string, as Helm merges -f, then --set.
import { isAbsolute, resolve } from 'node:path';
import type { Values } from '../helm/engine/render-types.js';
import { parseSetInto } from '../helm/values/strvals.js';
import { readUserValues } from '../helm/values/user-values.js';
import { mergeMaps } from '../helm/values/yaml.js';
import type { ChartSpec } from './spec.js';

/** Relative values files start at `baseDir` (the spec's folder). */
export async function specUserValues(spec: ChartSpec, baseDir: string): Promise<Values> {
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(baseDir, p));
  const fromFiles = await readUserValues({ valueFiles: spec.valuesFiles.map(abs) });
  const base = spec.values ? mergeMaps(fromFiles, spec.values) : fromFiles;
  for (const s of spec.set) parseSetInto(s, base, 'typed');
  for (const s of spec.setString) parseSetInto(s, base, 'string');
  return base;
}
