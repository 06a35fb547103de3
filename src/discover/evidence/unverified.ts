// Never silently complete: each controller that can make workloads (workload-makers.ts) is
// accounted for by the catalog (the operator defaults table read its program) or by evidence
// from its own image (every candidate its program holds confirmed, no parts left that it joins at
// run time); any other is named, with why and what to do, and `--require-complete` fails on it.
import type { ControllerScan } from './scan-types.js';
import type { WorkloadMaker } from './workload-makers.js';

export interface UnverifiedController {
  /** `Deployment/name`. */
  controller: string;
  chart: string;
  template: string;
  image: string;
  reason: string;
  next: string;
}

/** `scans`: by image, what reading each gave; absent when the images were not read (plain `images`). */
export function unverifiedControllers(makers: readonly WorkloadMaker[], scans: ReadonlyMap<string, ControllerScan> | undefined): UnverifiedController[] {
  const out: UnverifiedController[] = [];
  for (const m of makers) {
    if (m.read) continue;
    const image = m.images.join(', ');
    const base = { controller: `${m.kind}/${m.name}`, chart: m.chart, template: m.template, image };
    const catalogNext = `or add a catalog entry for it naming the images it starts (--catalog DIR), or carry them: \`helm airgap bundle --image REF\``;
    if (!scans) {
      out.push({
        ...base,
        reason: `${m.how}; its compiled-in images were not read`,
        next: `read its image: \`helm airgap images CHART --scan-images\` (needs its registry), ${catalogNext}`,
      });
      continue;
    }
    const own = m.images.map((i) => scans.get(i)).filter((s): s is ControllerScan => s !== undefined);
    const unread = own.filter((s) => s.unread);
    // a controller is one of its containers: read if any of them is a program this could read
    const programs = own.filter((s) => !s.unread);
    if (programs.length === 0) {
      out.push({
        ...base,
        reason: `${m.how}; its image could not be read: ${unread.map((s) => `${s.image}: ${s.unread}`).join('; ') || 'not scanned'}`,
        next: `check what it starts (its documentation or source), ${catalogNext}`,
      });
      continue;
    }
    const parts = [...new Set(programs.flatMap((s) => s.parts))];
    const unconfirmed = programs.flatMap((s) => s.unconfirmed);
    if (parts.length === 0 && unconfirmed.length === 0) continue;
    const why = [
      parts.length
        ? `its program names ${parts.join(', ')} with no tag that any version of its own completes into an image its registry has: it joins image references from parts at run time`
        : '',
      unconfirmed.length ? `candidates its registry does not confirm: ${unconfirmed.map((u) => `${u.ref} (${u.why})`).join(', ')}` : '',
    ].filter(Boolean);
    out.push({ ...base, reason: `${m.how}; ${why.join('; ')}`, next: `find the images it composes (its documentation or source), ${catalogNext}` });
  }
  return out;
}
