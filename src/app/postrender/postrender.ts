// `helm airgap postrender`: Helm's --post-renderer contract (manifests on stdin, the rewritten
// stream on stdout). This use case takes the stream as text and returns it with the report; the
// lock, when given, limits the rewrite to what the bundle carries.

import { readBundleLock } from '../../bundle/open.js';
import { parseReference } from '../../oci/reference.js';
import { UsageError } from '../../util/errors.js';
import type { Ctx } from '../../util/ctx.js';
import { parseTarget, type MappingNaming } from '../../overrides/image-mapping.js';
import { postrenderManifests, type PostrenderChange } from '../../overrides/postrender.js';

export const POSTRENDER_NAMINGS: readonly MappingNaming[] = ['default', 'full', 'drop-host', 'flat'];

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
  const naming = checkNaming(o.naming);
  const target = checkTarget(o.registry);
  const allowed = o.lock ? new Set((await readBundleLock(o.lock)).images.map((i) => i.ref)) : undefined;
  // Helm 4 refuses an empty post-render output, but the input was empty too: passing it through
  // keeps the failure where it belongs (the chart rendered nothing) instead of inventing content.
  if (o.input.trim() === '') return { manifest: o.input, changes: [], warnings: ['no manifests on stdin: nothing to rewrite'] };
  const r = postrenderManifests(o.input, { target, naming, allowed });
  return { manifest: r.output, changes: r.changes, warnings: r.warnings };
}

function checkNaming(naming: string | undefined): MappingNaming {
  const n = naming ?? 'default';
  if (!(POSTRENDER_NAMINGS as readonly string[]).includes(n)) {
    throw new UsageError(`--naming ${n} is not a naming mode`, { hint: `use one of: ${POSTRENDER_NAMINGS.join(', ')} (the same as push used)` });
  }
  return n as MappingNaming;
}

function checkTarget(spec: string): ReturnType<typeof parseTarget> {
  const t = parseTarget(spec);
  const probe = `${t.registry}/${t.prefix ? `${t.prefix}/` : ''}probe:1`;
  let ok = t.registry.includes('.') || t.registry.includes(':') || t.registry === 'localhost';
  try {
    ok = ok && parseReference(probe).registry === t.registry;
  } catch {
    ok = false;
  }
  if (!ok) throw new UsageError(`--registry ${spec}: not a registry host[:port][/prefix]`, { hint: 'e.g. --registry 123456789012.dkr.ecr.eu-west-1.amazonaws.com/mirror' });
  return t;
}
