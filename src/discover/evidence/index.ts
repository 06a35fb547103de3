// Evidence from a controller's own image: the stage that reads what a chart cannot say. Given a
// controller or webhook image the render runs, it reads the image's entrypoint program from its
// layers (image-files.ts: bounded in bytes and time, nothing executed, links kept inside the
// image), finds the image references the program holds (binary-candidates.ts: Go string
// constants bounded by the program's own string headers and code, `go:embed` files read whole, a
// repository joined to the program's own version), and counts a candidate only once its source
// registry answers a HEAD for it (the digest recorded). Confirmed references become `builtin`
// sites with where they were found (`IMAGE:/path`) and how; what stays unsettled, and the
// controllers that can make workloads whose images nothing accounts for, are named by
// unverified.ts. I/O comes in through the content and confirm functions the caller gives.
import type { Descriptor } from '../../oci/content.js';
import { toImageRef } from '../image-ref.js';
import { binaryEvidence, KNOWN_REGISTRIES, type CandidateHow } from './binary-candidates.js';
import { DEFAULT_BOUNDS, platformManifest, readEntrypoint, ScanMeter, type ImageContent, type ScanBounds } from './image-files.js';

export { DEFAULT_BOUNDS, type ScanBounds, type ImageContent } from './image-files.js';
export { workloadMakers, type WorkloadMaker } from './workload-makers.js';
export { unverifiedControllers, type UnverifiedController } from './unverified.js';
export { catalogDifferences, evidenceSites, imagesToScan, type CatalogDifference } from './sites.js';
export type { ImageEvidence, ControllerScan, ScanDeps } from './scan-types.js';
import type { ImageEvidence, ControllerScan, ScanDeps } from './scan-types.js';

export async function scanControllerImage(image: string, deps: ScanDeps): Promise<ControllerScan> {
  const started = performance.now();
  const meter = new ScanMeter(deps.bounds ?? DEFAULT_BOUNDS);
  const out: ControllerScan = { image, found: [], unconfirmed: [], parts: [], cost: { seconds: 0, bytes: 0 } };
  const done = () => ({ ...out, cost: { seconds: Math.round((performance.now() - started) / 10) / 100, bytes: meter.compressed } });
  let file;
  try {
    const src = deps.content(image);
    const root: Descriptor = await src.resolve(image);
    const manifest = await platformManifest(src, root, image);
    const read = await readEntrypoint(src, manifest, meter, image);
    if (!read.file) return { ...done(), unread: read.reason ?? 'no program found' };
    file = read.file;
  } catch (e) {
    return { ...done(), unread: (e as Error).message };
  }
  out.entrypoint = file.path;
  const own = toImageRef(image)?.domain;
  const ev = binaryEvidence(file.bytes, own ? [own, ...KNOWN_REGISTRIES] : KNOWN_REGISTRIES);
  if (!ev.go) return { ...done(), unread: `${file.path} is no Go program this can read (its strings are not bounded by headers)` };
  out.built = `${ev.go.goVersion}${ev.go.mainVersion && ev.go.mainVersion !== '(devel)' ? `, ${ev.go.mainPath} ${ev.go.mainVersion}` : ''}`;
  const foundIn = `${image}:${file.path}`;
  let budget = deps.maxConfirms ?? 64;
  const head = async (ref: string): Promise<{ digest?: string; error?: string }> => {
    if (budget-- <= 0) return { error: 'over the confirmation budget of this image' };
    try {
      return { digest: await deps.confirm(ref) };
    } catch (e) {
      return { error: (e as Error).message };
    }
  };
  const completed = new Set<string>();
  for (const c of ev.candidates) {
    if (c.ref === image || out.found.some((f) => f.ref === c.ref)) continue;
    const r = await head(c.ref);
    if (r.digest) {
      out.found.push({ ref: c.ref, foundIn, how: c.how, detail: c.detail, digest: r.digest });
      if (c.how === 'version-joined') completed.add(c.ref.slice(0, c.ref.lastIndexOf(':')));
    } else if (c.how !== 'version-joined') out.unconfirmed.push({ ref: c.ref, detail: c.detail, why: r.error ?? 'its registry has no such tag' });
  }
  for (const u of ev.unsettled) {
    let settled = false;
    for (const end of u.ends) {
      const r = await head(end);
      if (!r.digest) continue;
      out.found.push({ ref: end, foundIn, how: 'settled', detail: `packed text ${u.text.slice(0, 80)}, its end settled by the registry`, digest: r.digest });
      settled = true;
      break;
    }
    if (!settled) out.unconfirmed.push({ ref: u.ends[0]!, detail: `packed text ${u.text.slice(0, 80)}`, why: 'no end of it is a tag its registry has' });
  }
  out.parts = ev.parts.filter((p) => !completed.has(p) && p !== repositoryOf(image));
  return done();
}

const repositoryOf = (image: string): string => {
  const r = toImageRef(image);
  return r ? `${r.domain}/${r.path}` : image;
};
