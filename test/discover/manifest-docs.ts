// Splits a `helm template`-style stream ("---" separated, "# Source:" headers) into RenderedDocs
// for tests that feed handwritten manifests to discovery.
import { parse } from 'yaml';
import type { RenderedDoc } from '../../src/helm/render-types.js';

export function toRenderedDocs(stream: string): RenderedDoc[] {
  return stream
    .split(/^---\s*$/m)
    .filter((t) => /^\s*[^#\s]/m.test(t))
    .map((text) => {
      const template = /^# Source: (.*)$/m.exec(text)?.[1] ?? 'fixture/templates/unknown.yaml';
      return { chart: template.split('/templates/')[0], template, text, object: parse(text) as unknown };
    });
}

/** The `# expect <certainty> <site> <ref>` lines of a fixture. */
export function expectedSites(stream: string): string[] {
  return [...stream.matchAll(/^# expect (\S+) (\S+) (.+)$/gm)].map((m) => `${m[1]} ${m[2]} ${m[3].trim()}`).sort();
}
