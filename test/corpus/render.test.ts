// Every chart of the corpus renders with its default values, and the images of the pod specs
// in our render are exactly the default section of NAME.images.txt.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readChart } from '../../src/helm/loader/load.js';
import { renderChart } from '../../src/helm/engine/render-chart.js';

const corpus = resolve(process.env.AIRGAP_CORPUS ?? '../shared/charts');
const charts = readdirSync(corpus)
  .filter((f) => f.endsWith('.tgz'))
  .sort();
const POD_LISTS = ['containers', 'initContainers', 'ephemeralContainers'];

/** Docker Hub short names made explicit, as the corpus lists write them. */
function qualify(ref: string): string {
  const first = ref.split('/')[0];
  const hasHost = ref.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (hasHost) return ref;
  return ref.includes('/') ? `docker.io/${ref}` : `docker.io/library/${ref}`;
}

function podImages(node: unknown, out: Set<string>): void {
  if (Array.isArray(node)) return node.forEach((n) => podImages(n, out));
  if (!node || typeof node !== 'object') return;
  for (const [k, v] of Object.entries(node)) {
    if (POD_LISTS.includes(k) && Array.isArray(v)) {
      for (const c of v)
        if (c && typeof c === 'object' && typeof (c as { image?: unknown }).image === 'string') out.add(qualify((c as { image: string }).image));
    }
    podImages(v, out);
  }
}

function expectedDefaults(tgz: string): string[] {
  const text = readFileSync(join(corpus, tgz.replace(/\.tgz$/, '.images.txt')), 'utf8');
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .sort();
}

describe('corpus renders (default values)', () => {
  it('finds the corpus', () => {
    expect(charts.length).toBeGreaterThan(0);
  });

  it.each(charts)('%s: renders, and pod-spec images equal the default section of its images.txt', async (tgz) => {
    const report = renderChart(await readChart(join(corpus, tgz)));
    expect(report.docs.length).toBeGreaterThan(0);
    const found = new Set<string>();
    for (const d of report.docs) podImages(d.object, found);
    expect([...found].sort()).toEqual(expectedDefaults(tgz));
  });
});
