// What bundle's lock gets of a site: an operator's built-in default is carried as a certain image
// with its provenance (the operator, version, source line), though no manifest names it.
import { describe, expect, it } from 'vitest';
import { toFoundImages } from './finder.js';
import type { ChartImages } from './chart-images-types.js';

describe('toFoundImages', () => {
  it("carries an operator's built-in default as certain, with its provenance", () => {
    const builtin = {
      operator: 'Acme Operator',
      version: '1.30.0',
      read: 'github.com/acme/operator@v1.30.0',
      at: 'pkg/versions/versions.go:29',
    };
    const found: ChartImages = {
      sites: [
        {
          ref: 'ghcr.io/acme/database:18.4',
          raw: 'ghcr.io/acme/database:18.4',
          certainty: 'certain',
          site: 'builtin',
          source: { chart: 'op', template: 'op/templates/op.yaml', kind: 'Deployment', name: 'op', fieldPath: 'spec.template.spec.containers[0]' },
          valuesPaths: [],
          builtin,
        },
      ],
      optional: [],
      values: {},
      warnings: [],
      operators: { byEntry: new Map() },
    };
    expect(toFoundImages(found)).toEqual([
      expect.objectContaining({
        ref: 'ghcr.io/acme/database:18.4',
        need: 'certain',
        site: expect.objectContaining({ site: 'builtin', builtin }),
      }),
    ]);
  });
});
