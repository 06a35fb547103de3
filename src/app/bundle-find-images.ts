// The default image finder of `bundle`: load the resolved archive, then the discovery helper's
// per-chart search (plain render, values-path markers, optional toggles/annotations/blocks),
// turned into the plan's FoundImage records.
import { readFile } from 'node:fs/promises';
import { loadChartArchive } from '../helm/chart-loader.js';
import type { ImageSite } from '../discover/image-site.js';
import type { FoundImage } from '../bundle/image-plan.js';
import type { LockedImageSite } from '../bundle/lock.js';
import { discoverChartImages } from './images-chart.js';
import type { RenderChart } from './images-render.js';
import type { ImageFinder } from './bundle-charts.js';

export function makeImageFinder(render: RenderChart): ImageFinder {
  return async (req, ctx) => {
    const chart = await loadChartArchive(await readFile(req.chart.archivePath), `${req.chart.name}-${req.chart.version}.tgz`);
    const found = await discoverChartImages(chart, render, {
      values: req.values,
      releaseName: req.releaseName,
      namespace: req.namespace,
      kubeVersion: req.kubeVersion,
      optional: req.optional,
    }, ctx);
    return [
      ...found.sites.map((s) => toFound(s, s.certainty === 'doubtful' ? 'doubtful' : 'certain')),
      ...found.optional.map((s) => toFound(s, s.certainty === 'doubtful' ? 'doubtful' : 'optional')),
    ];
  };
}

function toFound(s: ImageSite, need: FoundImage['need']): FoundImage {
  return { ref: s.ref, raw: s.raw, need, site: toLockedSite(s) };
}

export function toLockedSite(s: ImageSite): LockedImageSite {
  return {
    chart: s.source.chart,
    template: s.source.template,
    kind: s.source.kind,
    name: s.source.name,
    fieldPath: s.source.fieldPath,
    site: s.site,
    certainty: s.certainty,
    valuesPaths: s.valuesPaths,
    ...(s.valuesParts?.length ? { valuesParts: s.valuesParts } : {}),
    ...(s.toggle ? { toggle: s.toggle } : {}),
  };
}
