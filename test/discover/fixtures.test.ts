import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { discoverImages } from '../../src/discover/discover-images.js';
import { parseHelmTemplateOutput } from '../../src/helm/engine/renderer.js';
import { expectedSites } from './manifest-docs.js';

const DIR = fileURLToPath(new URL('../../fixtures/discover/', import.meta.url));
const FIXTURES = readdirSync(DIR).filter((f) => f.endsWith('.yaml'));

describe('discoverImages over handwritten manifests (fixtures/discover)', () => {
  it.each(FIXTURES)('%s: every site its "# expect" lines name, and nothing else', (file) => {
    const text = readFileSync(DIR + file, 'utf8');
    const found = discoverImages(parseHelmTemplateOutput(text)).map((s) => `${s.certainty} ${s.site} ${s.ref}`);
    expect([...new Set(found)].sort()).toEqual(expectedSites(text));
  });
});
