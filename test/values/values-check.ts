// What a test asserts of a written override, independently of the command's own verification:
// render the chart with the user's values plus the file, run discovery, compare with the plain render.
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { discoverImages } from '../../src/discover/discover-images.js';
import { isTestHook } from '../../src/discover/image-site.js';
import type { Chart } from '../../src/helm/chart/types.js';
import { coalesceTables } from '../../src/helm/values/coalesce.js';
import { renderChart } from '../../src/helm/engine/render-chart.js';
import { mapImage, type MappingNaming } from '../../src/overrides/image-mapping.js';

export interface RenderedImages {
  /** Certain image references of the plain render, sorted. */
  before: string[];
  /** The same after the override, sorted. */
  after: string[];
  /** `before` mapped to the target, sorted: what `after` must equal. */
  expected: string[];
}

export async function renderWithOverride(
  chart: Chart,
  file: string,
  target: { registry: string; prefix?: string },
  naming: MappingNaming = 'full',
  user: Record<string, unknown> = {},
  release = 'rel',
): Promise<RenderedImages> {
  const override = (parse(await readFile(file, 'utf8')) ?? {}) as Record<string, unknown>;
  const refs = (values: Record<string, unknown>) =>
    [
      ...new Set(
        discoverImages(renderChart(chart, { values, releaseName: release, namespace: 'default' }).docs)
          // a `helm test` pod's image is carried, never installed: values names it and moves none (isTestHook)
          .filter((s) => s.certainty === 'certain' && !isTestHook(s.source))
          .map((s) => s.ref),
      ),
    ].sort();
  const before = refs(structuredClone(user));
  const after = refs(coalesceTables(override, structuredClone(user)));
  return { before, after, expected: [...new Set(before.map((r) => mapImage(r, target, naming)))].sort() };
}

/** Every leaf path of a values tree, dotted. */
export function leafPaths(v: unknown, prefix = ''): string[] {
  if (v === null || typeof v !== 'object') return [prefix];
  if (Array.isArray(v)) return v.flatMap((x, i) => leafPaths(x, `${prefix}[${i}]`));
  return Object.entries(v).flatMap(([k, x]) => leafPaths(x, prefix ? `${prefix}.${k}` : k));
}

/** The last key of a values path names an image part (what the values files may hold). */
export const IMAGE_KEY = /(registry|repository|image|images|name|\.hub)(\[\d+\])?$/i;
