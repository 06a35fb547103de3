// The corpus convention (test/corpus, scripts/corpus/build.mjs): a chart that needs values to
// render has NAME-VERSION.values.yaml beside its NAME-VERSION.tgz.
import { existsSync } from 'node:fs';

/** The values flags for a corpus chart archive (its path): its values file, when it has one. */
export function corpusValues(chartPath: string): { valueFiles: string[] } | undefined {
  const f = chartPath.replace(/\.tgz$/, '.values.yaml');
  return existsSync(f) ? { valueFiles: [f] } : undefined;
}
