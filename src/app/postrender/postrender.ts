// `helm airgap postrender`: Helm's --post-renderer contract (manifests on stdin, the rewritten
// stream on stdout). This use case takes the stream as text and returns it with the report; the
// lock, when given, limits the rewrite to what the bundle carries.

import { readBundleLock } from '../../bundle/open.js';
import type { Ctx } from '../../util/ctx.js';
import { parseTarget } from '../../overrides/image-mapping.js';
import { parseNaming } from '../../ecr/naming.js';
import { postrenderManifests, type PostrenderChange } from '../../overrides/postrender.js';

export interface PostrenderAppOptions {
  /** The manifest stream Helm wrote to stdin. */
  input: string;
  /** TARGET[/PREFIX], as --registry takes it. */
  registry: string;
  naming?: string;
  /** A bundle (.tar, folder) or its airgap-lock.json: only its images are rewritten. */
  lock?: string;
}

export interface PostrenderReport {
  /** The rewritten stream (what goes to stdout). */
  manifest: string;
  changes: PostrenderChange[];
  warnings: string[];
}

export async function postrender(o: PostrenderAppOptions, _ctx: Ctx = {}): Promise<PostrenderReport> {
  const naming = parseNaming(o.naming);
  const target = parseTarget(o.registry);
  const allowed = o.lock ? new Set((await readBundleLock(o.lock)).images.map((i) => i.ref)) : undefined;
  // Helm 4 refuses an empty post-render output, but the input was empty too: passing it through
  // keeps the failure where it belongs (the chart rendered nothing) instead of inventing content.
  if (o.input.trim() === '') return { manifest: o.input, changes: [], warnings: ['no manifests on stdin: nothing to rewrite'] };
  const r = postrenderManifests(o.input, { target, naming, allowed });
  return { manifest: r.output, changes: r.changes, warnings: r.warnings };
}
