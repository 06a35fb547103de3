// Every crash fuzzer by name (`npm run fuzz -- --target NAME`).
import { bundleArchiveTarget } from './bundle-archive.js';
import { chartArchiveTarget } from './chart-archive.js';
import { httpResponseTarget } from './http-response.js';
import { imageListMapTarget } from './image-list-map.js';
import { imageRefTarget } from './image-ref.js';
import { kustomizeOverlayTarget } from './kustomize-overlay.js';
import type { FuzzTarget } from './runner.js';
import { setValuesTarget } from './set-values.js';
import { templateTarget } from './template.js';

export const TARGETS: Record<string, FuzzTarget<any>> = Object.fromEntries(
  // eslint-disable-line @typescript-eslint/no-explicit-any
  [
    imageRefTarget,
    setValuesTarget,
    templateTarget,
    chartArchiveTarget,
    bundleArchiveTarget,
    httpResponseTarget,
    kustomizeOverlayTarget,
    imageListMapTarget,
  ].map((t) => [t.name, t]),
);
