// `helm airgap postrender`: Helm's --post-renderer contract (manifests on stdin, the rewritten
// stream on stdout). This use case takes the stream as text and returns it with the report; the
// lock, when given, limits the rewrite to what the bundle carries.

import { readBundleLock } from '../../bundle/open.js';
import type { Ctx } from '../../util/ctx.js';
import { parseTarget } from '../../overrides/image-mapping.js';
import { parseNaming } from '../../ecr/naming.js';
import { readImageMap } from '../../bundle/image-map-file.js';
import { UsageError } from '../../util/errors.js';
import { accounting, type ImageAccounting } from '../../overrides/image-accounting.js';
import { postrenderManifests, type PostrenderChange } from '../../overrides/postrender.js';

export interface PostrenderAppOptions {
  /** The manifest stream Helm wrote to stdin. */
  input: string;
  /** TARGET[/PREFIX], as --registry takes it; or `map` instead. */
  registry?: string;
  /** An image map file (push, copy, sync or mirrors --write-map): only its images move, to where it says. */
  map?: string;
  naming?: string;
  /** A bundle (.tar, folder) or its airgap-lock.json: only its images are rewritten. */
  lock?: string;
  /** Rewrite each image to TARGET@digest (tag kept): digests from the map, the chart's pin or the lock. */
  pinDigests?: boolean;
}

export interface PostrenderReport {
  /** The rewritten stream (what goes to stdout). */
  manifest: string;
  changes: PostrenderChange[];
  warnings: string[];
  /** Every certain image: moved (where, by what) or not (why). */
  accounting: ImageAccounting;
}

export async function postrender(o: PostrenderAppOptions, _ctx: Ctx = {}): Promise<PostrenderReport> {
  if (!o.registry === !o.map)
    throw new UsageError('postrender needs --registry TARGET[/PREFIX] or --map FILE (one of them)', {
      hint: 'the registry push sent the images to, or the map push, copy, sync or mirrors --write-map wrote',
    });
  if (o.map && o.naming) throw new UsageError('--naming goes with --registry: a map names each destination itself');
  const route = o.map ? { map: await readImageMap(o.map) } : { target: parseTarget(o.registry!), naming: parseNaming(o.naming) };
  const lock = o.lock ? await readBundleLock(o.lock) : undefined;
  const allowed = lock ? new Set(lock.images.map((i) => i.ref)) : undefined;
  const locked = lock ? new Map(lock.images.map((i) => [i.ref, i.digest])) : undefined;
  // Helm 4 refuses an empty post-render output, but the input was empty too: passing it through
  // keeps the failure where it belongs (the chart rendered nothing) instead of inventing content.
  if (o.input.trim() === '') return { manifest: o.input, changes: [], warnings: ['no manifests on stdin: nothing to rewrite'], accounting: accounting([], []) };
  // a lock is read, not trusted: a site without the fields of one is passed over
  const crdDefaults = lock?.images.flatMap((i) =>
    i.sites.flatMap((s) =>
      s.crdDefault && [s.template, s.kind, s.fieldPath, i.ref, i.source].every((x) => typeof x === 'string')
        ? [{ template: s.template, kind: s.kind, fieldPath: s.fieldPath, ref: i.ref, raw: i.source, crdDefault: s.crdDefault }]
        : [],
    ),
  );
  const r = postrenderManifests(o.input, { ...route, allowed, locked, pinDigests: o.pinDigests, crdDefaults });
  return { manifest: r.output, changes: r.changes, warnings: r.warnings, accounting: r.accounting };
}
