// `helm airgap kustomize DIR`: the `images:` entries of an existing overlay written or merged in
// place so that its build deploys every pod-spec image from the target (a registry and naming, or
// the map of where a transfer put each image). The images come from reading the overlay's files
// (overlay-files.ts) or from `kubectl kustomize DIR` output; what kustomize cannot rewrite is named.
import { readImageMap } from '../../bundle/image-map-file.js';
import type { ImageMap } from '../../bundle/image-map.js';
import { discoverImages } from '../../discover/discover-images.js';
import type { NamingMode } from '../../ecr/naming.js';
import { formatName, formatReference, parseReference } from '../../oci/reference.js';
import { parseTarget } from '../../overrides/image-mapping.js';
import { mergeImageEntries, type EntryChange, type KustomizationFile } from '../../overrides/kustomization-file.js';
import { applyEntries, beforeOwnEntries, planImageEntries, type EntryPlan, type ImageEntry, type OverlayImage } from '../../overrides/kustomize-images.js';
import type { UnreachableImage } from '../../overrides/kustomize.js';
import { isUnderTarget, mapPlacement, targetPlacement } from '../../overrides/placement.js';
import { accounting, notMoved, type ImageAccounting } from '../../overrides/image-accounting.js';
import { UsageError } from '../../util/errors.js';
import { replaceFile, type ReplaceOptions } from '../../util/replace-file.js';
import { parseManifests, readKustomization, readOverlay, stdinRoute } from './overlay-files.js';

export interface KustomizeOptions {
  /** The overlay folder (what `kubectl kustomize DIR` takes). */
  dir: string;
  /** TARGET[/PREFIX] the images were moved to (with `naming`), or: */
  registry?: string;
  naming: NamingMode;
  /** The image map a transfer wrote. */
  map?: string;
  /** Write each image's digest from the map beside its tag. */
  pinDigests?: boolean;
  /** `kubectl kustomize DIR` output, instead of reading the overlay's files. */
  manifests?: { text: string; name: string };
  dryRun?: boolean;
}

export interface KustomizeReport {
  dir: string;
  file: string;
  target: string;
  naming?: NamingMode;
  /** Where the images were read: the overlay's files, or the built output given. */
  from: string;
  changes: EntryChange[];
  /** Every reachable image: as the overlay sees it, what it deploys today, what it deploys after. */
  images: EntryPlan['images'];
  unreachable: UnreachableImage[];
  unmapped: string[];
  placed: string[];
  unpinned: string[];
  written: boolean;
  /** Every image: moved (where, by what) or not (why); exit 3 for those still pulled from outside unless allowed. */
  accounting: ImageAccounting;
  /** The new kustomization text (--dry-run shows it; absent when nothing changes). */
  text?: string;
}

export async function kustomizeOverlay(o: KustomizeOptions): Promise<KustomizeReport> {
  if (!o.registry === !o.map)
    throw new UsageError('kustomize needs --registry TARGET[/PREFIX] or --map FILE (one of them)', {
      hint: 'the registry the images were copied to, or the map push, copy or sync wrote with --write-map',
    });
  if (o.pinDigests && !o.map)
    throw new UsageError('--pin-digests needs --map FILE: the map holds each image digest', { hint: 'write it with --write-map FILE of push, copy or sync' });
  const map = o.map ? await readImageMap(o.map) : undefined;
  const to = map ? mapPlacement(map, `map ${o.map}`) : targetPlacement(parseTarget(o.registry!), o.naming, o.registry!);
  const k = await readKustomization(o.dir);
  const { images, from } = o.manifests ? fromBuilt(o.manifests, k.images, o.dir) : await fromFiles(o.dir, k);
  const plan = planImageEntries(images, k.images, {
    to,
    atTarget: atTarget(o, map),
    ...(o.pinDigests && map ? { pin: (ref) => map.lookup(ref)?.digest } : {}),
  });
  const merged = mergeImageEntries(k, plan.entries);
  checkMerged(plan, images, merged.entries, k.file);
  // the file keeps its permissions (an overlay is often a checkout with its own modes); a link or a
  // read-only file is refused when there is something to write, as `kustomize edit` fails to open
  // it for writing: one that already holds the entries is a check that passes
  if (merged.text !== undefined && !o.dryRun) await replaceFile(k.file, merged.text, editRules(k.file));
  return {
    dir: o.dir,
    file: k.file,
    target: to.describe,
    ...(map ? {} : { naming: o.naming }),
    from,
    changes: merged.changes,
    images: plan.images,
    unreachable: plan.unreachable,
    unmapped: plan.unmapped,
    placed: plan.placed,
    unpinned: plan.unpinned,
    written: merged.text !== undefined && !o.dryRun,
    accounting: accounting(
      plan.images.map((i) => ({ source: i.source, target: i.after, by: to.by(i.source) })),
      [
        ...plan.unmapped.map((ref) => notMoved(ref, 'not-in-map', { detail: `${to.describe} has no entry for it` })),
        ...plan.placed.map((ref) => notMoved(ref, 'at-target')),
        ...plan.unreachable.map((u) => notMoved(u.ref, 'out-of-reach', { detail: u.why, where: u.where })),
      ],
    ),
    ...(merged.text !== undefined ? { text: merged.text } : {}),
  };
}

function editRules(file: string): ReplaceOptions {
  return {
    readOnlyHint: `kustomize edit fails on it too: make it writable (chmod u+w ${file}) to have it edited, or see the change with --dry-run`,
    linkHint: `edit the file it points to: run on the folder that holds it, or replace the link with a copy (--dry-run shows the change)`,
  };
}

interface Read {
  images: OverlayImage[];
  from: string;
}

async function fromFiles(dir: string, k: KustomizationFile): Promise<Read> {
  const build = await readOverlay(dir, k);
  if (build.remote.length > 0)
    throw new UsageError(`the overlay uses remote resources, which cannot be read offline: ${build.remote.join('; ')}`, {
      hint: `build it where they are reachable and pipe the output in: ${stdinRoute(dir)}`,
    });
  return {
    images: sites(build.docs).map((s) => ({ ...s, before: s.raw.trim(), tagKnown: true })),
    from: `${build.files} file(s) of the overlay and its bases`,
  };
}

/** From built output the overlay's own entries were applied: each image is traced back to what they matched. */
function fromBuilt(m: { text: string; name: string }, own: readonly ImageEntry[], dir: string): Read {
  const docs = parseManifests(m.text, m.name, undefined, dir);
  if (docs.length === 0) throw new UsageError(`${m.name}: no manifests`, { hint: 'pipe the output of kubectl kustomize DIR' });
  return { images: sites(docs).map((s) => ({ ...s, ...beforeOwnEntries(s.raw, own) })), from: `built output ${m.name}` };
}

function sites(docs: Parameters<typeof discoverImages>[0]) {
  return discoverImages(docs).filter((s) => s.certainty === 'certain');
}

/** An entry whose newName is where this run sends images was written by an earlier run. */
function atTarget(o: KustomizeOptions, map: ImageMap | undefined): (name: string) => boolean {
  const destinations = new Set((map?.entries ?? []).map((e) => formatName(parseReference(e.destination))));
  const target = o.registry ? parseTarget(o.registry) : undefined;
  return (name) => {
    try {
      const r = parseReference(name);
      return target ? isUnderTarget(formatReference(r), target) : destinations.has(formatName(r));
    } catch {
      return false;
    }
  };
}

/** kustomize's rules applied to the entries as written: every planned image must come out at its target. */
function checkMerged(plan: EntryPlan, images: readonly OverlayImage[], entries: readonly ImageEntry[], file: string): void {
  const norm = (s: string) => {
    try {
      return formatReference(parseReference(s));
    } catch {
      return s;
    }
  };
  for (const p of plan.images) {
    const img = images.find((i) => i.before === p.before);
    if (!img?.tagKnown) continue;
    const got = norm(applyEntries(p.before, entries));
    if (got !== p.after)
      plan.unreachable.push({
        ref: p.source,
        site: img.site,
        where: img.source,
        why: `another entry of ${file} changes it after ours (kustomize would deploy ${got}, not ${p.after})`,
      });
  }
}
