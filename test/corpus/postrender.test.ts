// The post-renderer on real charts: after it, discovery finds no certain image outside the
// target, and the stream changes only on the lines that held an image.
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { templateChart } from '../../src/app/template/template.js';
import { postrenderManifests } from '../../src/overrides/postrender.js';
import { parseTarget } from '../../src/overrides/image-mapping.js';
import { parseHelmTemplateOutput } from '../../src/helm/engine/renderer.js';
import { discoverImages } from '../../src/discover/discover-images.js';

const corpus = resolve(process.env.AIRGAP_CORPUS ?? '../shared/charts');
const charts = readdirSync(corpus)
  .filter((f) => f.endsWith('.tgz'))
  .sort();
const TARGET = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirrored';

describe('corpus post-render (Helm --post-renderer contract: stdin manifests → stdout)', () => {
  it.each(charts)('%s: every certain image is under the target, other lines unchanged', async (tgz) => {
    const { manifest } = await templateChart({ chart: join(corpus, tgz) });
    const r = postrenderManifests(manifest, { target: parseTarget(TARGET) });
    expect(r.changes.length).toBeGreaterThan(0);
    const sites = discoverImages(parseHelmTemplateOutput(r.output)).filter((s) => s.certainty === 'certain');
    expect(sites.length).toBeGreaterThan(0);
    expect(sites.filter((s) => !s.ref.startsWith(TARGET + '/')).map((s) => s.ref)).toEqual([]);
    const before = manifest.split('\n');
    const after = r.output.split('\n');
    expect(after.length).toBe(before.length);
    // one line per image moved, or fewer: a data field several joined references share (a base) is one line
    const changed = after.filter((line, i) => line !== before[i]);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed.length).toBeLessThanOrEqual(r.changes.length);
    // and each changed line holds the target, in its text or in the base64 it is
    expect(changed.filter((l) => !l.includes(TARGET) && !base64Holds(l, TARGET))).toEqual([]);
    // idempotent: a second pass changes nothing
    expect(postrenderManifests(r.output, { target: parseTarget(TARGET) }).output).toBe(r.output);
  });
});

/** A `key: BASE64` line whose decoded text holds `text`. */
function base64Holds(line: string, text: string): boolean {
  const b64 = /^\s*[^:]+:\s+"?([A-Za-z0-9+/=]{8,})"?\s*$/.exec(line)?.[1];
  return b64 !== undefined && Buffer.from(b64, 'base64').toString('utf8').includes(text);
}
