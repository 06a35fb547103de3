// The post-renderer on real charts: after it, discovery finds no certain image outside the
// target, and the stream changes only on the lines that held an image, or gains lines that set
// one (an operator's env var or flag, a field a resource leaves out).
import { existsSync, readdirSync } from 'node:fs';
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
    // the corpus convention: NAME-VERSION.values.yaml beside a chart that needs values to render
    const values = join(corpus, tgz.replace(/\.tgz$/, '.values.yaml'));
    const { manifest } = await templateChart({ chart: join(corpus, tgz), valueFiles: existsSync(values) ? [values] : [] });
    const r = postrenderManifests(manifest, { target: parseTarget(TARGET) });
    // a chart that renders no image and runs no operator the table knows (a CRD-only or config
    // chart) passes through unchanged
    if (r.changes.length === 0 && discoverImages(parseHelmTemplateOutput(manifest)).every((s) => s.certainty !== 'certain')) {
      expect(r.output).toBe(manifest);
      return;
    }
    expect(r.changes.length).toBeGreaterThan(0);
    const sites = discoverImages(parseHelmTemplateOutput(r.output)).filter((s) => s.certainty === 'certain');
    expect(sites.length).toBeGreaterThan(0);
    expect(sites.filter((s) => !s.ref.startsWith(TARGET + '/')).map((s) => s.ref)).toEqual([]);
    const before = manifest.split('\n');
    const after = r.output.split('\n');
    // lines added: an operator's settings (env entries, flags) and fields a resource leaves out,
    // each value at the target (an env entry's name aside)
    const { changed, inserted } = align(before, after);
    expect(inserted.filter((l) => !/^\s*(- )?name: "[^"]*"$/.test(l) && /"/.test(l) && !l.includes(TARGET))).toEqual([]);
    expect(changed.length + inserted.length).toBeGreaterThan(0);
    expect(changed.length).toBeLessThanOrEqual(r.changes.length);
    // and each changed line holds the target, in its text or in the base64 it is
    expect(changed.filter((l) => !l.includes(TARGET) && !base64Holds(l, TARGET))).toEqual([]);
    // idempotent: a second pass changes nothing
    expect(postrenderManifests(r.output, { target: parseTarget(TARGET) }).output).toBe(r.output);
  });
});

/** A line the post-renderer adds: `key:`, `key: "value"`, `- name: "X"`, `value: "V"`, `- "--flag=V"`. */
const INSERTED = /^\s*(- )?("[^"]*"|[\w.-]+:( "[^"]*")?|"[^"]*": "[^"]*")$/;

/**
 * The output against the input, line by line: a line where they differ is changed, unless it
 * starts a run of added lines (INSERTED) after which the input's line comes back.
 */
function align(before: readonly string[], after: readonly string[]): { changed: string[]; inserted: string[] } {
  const changed: string[] = [];
  const inserted: string[] = [];
  let i = 0;
  for (let j = 0; j < after.length;) {
    if (after[j] === before[i]) {
      i++;
      j++;
      continue;
    }
    let k = j;
    while (k < after.length && k - j < 64 && INSERTED.test(after[k]!) && after[k] !== before[i]) k++;
    if (k > j && after[k] === before[i]) {
      inserted.push(...after.slice(j, k));
      j = k;
      continue;
    }
    changed.push(after[j]!);
    i++;
    j++;
  }
  expect(i).toBe(before.length);
  return { changed, inserted };
}

/** A `key: BASE64` line whose decoded text holds `text`. */
function base64Holds(line: string, text: string): boolean {
  const b64 = /^\s*[^:]+:\s+"?([A-Za-z0-9+/=]{8,})"?\s*$/.exec(line)?.[1];
  return b64 !== undefined && Buffer.from(b64, 'base64').toString('utf8').includes(text);
}
