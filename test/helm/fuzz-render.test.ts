// A short, seeded run of the differential fuzzer (npm run fuzz runs longer ones): random templates
// and values render the same with our engine as with real Helm 4.2, 4.1 and 3.17 (following each), or both refuse them;
// random YAML documents (scalar styles, folding, indentation, comments) read as Go reads them.
import { describe, expect, it } from 'vitest';
import { fuzzRenderDiff } from '../../fuzz/render-diff-core.js';
import { fuzzYamlDiff } from '../../fuzz/yaml-diff-core.js';

describe('differential fuzzing against real Helm (seeded, bounded)', () => {
  it.each(['4.2', '4.1', '3.17'] as const)('120 random templates agree with Helm %s', async (major) => {
    const r = await fuzzRenderDiff(120, 1, major);
    expect(r.disagree.map((d) => `case ${d.c.id}: ${d.why}\n${d.c.template}`)).toEqual([]);
    expect(r.agree).toBe(120);
  });

  it.each(['4.2', '4.1', '3.17'] as const)('400 random YAML documents read as Helm %s reads them (manifests and fromYaml)', async (major) => {
    const r = await fuzzYamlDiff(400, 1, major);
    expect(r.disagree.map((d) => `document ${d.index}, our ${d.reader}:\n${d.doc}\nGo: ${JSON.stringify(d.go)}\nours: ${JSON.stringify(d.ours)}`)).toEqual([]);
    // the generator reaches both sides: documents Go reads and documents it refuses
    expect(r.goRefused).toBeGreaterThan(40);
    expect(r.goRefused).toBeLessThan(360);
  });
});
