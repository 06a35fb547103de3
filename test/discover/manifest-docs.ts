// Reads the "# expect <certainty> <site> <ref>" lines of a handwritten manifest fixture; the
// documents themselves are split as `helm template` output (src/helm/renderer.ts).

/** The `# expect <certainty> <site> <ref>` lines of a fixture. */
export function expectedSites(stream: string): string[] {
  return [...stream.matchAll(/^# expect (\S+) (\S+) (.+)$/gm)].map((m) => `${m[1]} ${m[2]} ${m[3].trim()}`).sort();
}
