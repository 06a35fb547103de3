// A CRD schema's image default split in two sibling fields, as operators read them: a repository
// with no tag (`image: quay.io/pulp/pulp-minimal`) and its tag (`image_version: stable`), which the
// API server writes into each resource that leaves them out and the operator joins. Read by the
// tagless-default warning (sites/crd-tagless-defaults.ts) and the site table's crd-image-default rule.
import { isRecord } from '../../util/is-record.js';

/** A default line whose value has a path and no tag or digest (`default: ghcr.io/acme/x`, JSON's `"default": "quay.io/a/b",`). */
export const TAGLESS_LINE = /\bdefault["']?[ \t]*:[ \t]*["']?[a-z0-9][\w.-]*(?::\d+)?\/[\w./-]+["']?[ \t]*,?[ \t]*$/m;
/** A component's image field (Pulp's `image_web`): read only with a sibling tag default, which says it is a repository. */
export const COMPONENT_IMAGE = /^image[_A-Z][A-Za-z]*$/;
/** A tag as a registry takes it. */
const TAG = /^[\w][\w.-]{0,127}$/;

/**
 * The sibling property that holds the tag of the repository at `key`, by the names operators give
 * it: the key with a version or tag suffix (`image_version`, `imageWebVersion`, `image_tag`), and
 * beside a bare `image`/`repository` the plain `tag` or `version`.
 */
export function siblingTag(key: string, props: Record<string, unknown>): { field: string; value: string } | undefined {
  const bare = /^(image|repository|repo)$/i.test(key);
  const names = [`${key}_version`, `${key}Version`, `${key}_tag`, `${key}Tag`, ...(bare ? ['tag', 'version'] : [])];
  for (const n of names) {
    const p = props[n];
    if (isRecord(p) && typeof p.default === 'string' && TAG.test(p.default.trim())) return { field: n, value: p.default.trim() };
  }
  return undefined;
}

/** The same sibling read in an object default (kubebuilder's `default:={repository: R, version: V}`), whose keys hold values, not schemas. */
export function objectDefaultTag(key: string, object: Record<string, unknown>): { field: string; value: string } | undefined {
  return siblingTag(key, Object.fromEntries(Object.entries(object).map(([k, v]) => [k, { default: v }])));
}
