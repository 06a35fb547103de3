// Sites whose tag the operator completes at run time, as the operator defaults table reads them:
// a resource field the operator tags with its GPU nodes' OS (`nodeOsTags`: one site per OS named
// with --node-os, else doubtful and warned of), and an env var of its container that holds a
// repository it tags itself (`taggedEnv`: doubtful, the operator's warning says what it pulls);
// and env vars that hold only a part of a default the table composes (`{env:NAME}`): no site.
import { envPartNames, type BuiltinImages } from './builtin-images.js';
import { resourceField } from './default-overrides.js';
import type { ImageSite, ImageSource } from '../image-site.js';
import type { CandidateAudit } from '../verdicts/audit.js';
import { toImageRef } from '../image-ref.js';
import { OPERATOR_DEFAULTS } from './catalog.js';
import type { OperatorEntry } from './model.js';
import type { OperatorSightings } from './sightings.js';
import { isRecord } from '../../util/is-record.js';

/**
 * The sites of resource fields whose tag the operator completes from the node's OS, marked so
 * (`nodeOsTag`); the others as they are.
 */
export function markNodeOsTags(sites: readonly ImageSite[], seen: OperatorSightings, table: readonly OperatorEntry[] = OPERATOR_DEFAULTS): ImageSite[] {
  const marks = new Map<string, { operator: string; at: string }>();
  for (const [i, { resources }] of seen.byEntry) {
    const entry = table[i]!;
    for (const rule of entry.nodeOsTags ?? [])
      for (const r of resources.filter((x) => x.kind === rule.kind && !(rule.unless && resourceField(x.object, rule.unless) === true)))
        marks.set(`${r.source.template}\0${r.source.position}\0${rule.field}`, { operator: entry.operator, at: rule.at });
  }
  if (marks.size === 0) return [...sites];
  return sites.map((s) => {
    const mark = marks.get(`${s.source.template}\0${s.source.position}\0${s.source.fieldPath}`);
    return mark && toImageRef(s.ref)?.tag ? { ...s, nodeOsTag: mark } : s;
  });
}

/** The kinds whose resources hold a block an operator's default joins (`joinsBlock`), as `group/kind`. */
const JOINED_KINDS = new Set(
  OPERATOR_DEFAULTS.flatMap((e) =>
    (e.fromResource ?? []).filter((d) => d.joinsBlock !== undefined).map((d) => `${e.resources?.find((r) => r.kind === d.per)?.group}/${d.per}`),
  ),
);

/** A rendered resource of a kind whose block an operator joins (a cheap test before sighting operators). */
export const joinsBlockOf = (r: { object: unknown }): boolean => {
  const o = r.object;
  if (!isRecord(o) || typeof o.apiVersion !== 'string' || typeof o.kind !== 'string') return false;
  return JOINED_KINDS.has(`${o.apiVersion.slice(0, Math.max(0, o.apiVersion.lastIndexOf('/')))}/${o.kind}`);
};

/**
 * The sites without the parts of an image an operator's default joins: env vars of its container
 * (`{env:NAME}`: MongoDB Community's MONGODB_IMAGE, a bare name; read as parts at every release the
 * entry read), and resource blocks that read as a whole reference but that it joins with other
 * fields (`joinsBlock`: HwameiStor's DRBD shipper). The default composed of them is listed instead;
 * --explain says each string met there is a part, not left listed for a site no longer kept.
 */
export function dropOperatorParts(
  sites: readonly ImageSite[],
  seen: OperatorSightings,
  audit?: CandidateAudit,
  table: readonly OperatorEntry[] = OPERATOR_DEFAULTS,
): ImageSite[] {
  const parts = new Map<string, { id: string; reason: string }>();
  const key = (x: { template: string; position?: number }, field: string) => `${x.template}\0${x.position}\0${field}`;
  for (const [i, { operators, resources }] of seen.byEntry) {
    const entry = table[i]!;
    const names = new Set(entry.releases.flatMap((r) => r.defaults.flatMap(envPartNames)));
    const envPart = {
      id: 'operator-env-part',
      reason: `a part of the image ${entry.operator} joins from its env vars ${[...names].join(', ')}: that image is listed instead`,
    };
    for (const op of names.size > 0 ? operators : []) {
      const env = op.container?.env;
      const at = op.source.fieldPath.replace(/\.image$/, '');
      if (Array.isArray(env))
        env.forEach((e, j) => {
          if (isRecord(e) && names.has(e.name as string)) parts.set(key(op.source, `${at}.env[${j}].value`), envPart);
        });
    }
    for (const d of entry.fromResource ?? []) {
      if (d.joinsBlock === undefined) continue;
      const reason = `a part of the image ${entry.operator} joins from ${d.per} ${d.joinsBlock} and other fields (${d.at}): that image is listed instead`;
      for (const r of resources.filter((x) => x.kind === d.per)) parts.set(key(r.source, d.joinsBlock), { id: 'operator-joined-block', reason });
    }
  }
  if (parts.size === 0) return [...sites];
  const partAt = (x: ImageSource) => parts.get(key(x, x.fieldPath));
  for (const d of audit?.decisions ?? []) {
    const part = d.listed !== undefined ? partAt(d.source) : undefined;
    if (part) Object.assign(d, { listed: undefined, rejected: part });
  }
  return sites.filter((s) => !partAt(s.source));
}

/**
 * The sites of env vars of an operator's container that hold a repository the operator tags
 * itself (OperatorEntry.taggedEnv), marked so (`taggedByOperator`); the others as they are.
 */
export function markTaggedEnv(sites: readonly ImageSite[], seen: OperatorSightings, table: readonly OperatorEntry[] = OPERATOR_DEFAULTS): ImageSite[] {
  const marks = new Map<string, { operator: string; at: string }>();
  for (const [i, { operators }] of seen.byEntry) {
    const entry = table[i]!;
    for (const rule of entry.taggedEnv ?? [])
      for (const op of operators) {
        const env = op.container?.env;
        const at = op.source.fieldPath.replace(/\.image$/, '');
        if (Array.isArray(env))
          env.forEach((e, j) => {
            if (isRecord(e) && e.name === rule.env)
              marks.set(`${op.source.template}\0${op.source.position}\0${at}.env[${j}].value`, { operator: entry.operator, at: rule.at });
          });
      }
  }
  if (marks.size === 0) return [...sites];
  return sites.map((s) => {
    const mark = marks.get(`${s.source.template}\0${s.source.position}\0${s.source.fieldPath}`);
    return mark ? { ...s, taggedByOperator: mark } : s;
  });
}

/**
 * What `images` and `bundle` list for a site whose tag the node's OS completes: one site per OS
 * named (`--node-os`), or, with none named, the site left doubtful (its tag is no tag the
 * registry has) and a warning saying what to give. A repository the operator tags itself is
 * doubtful too: the operator's warning says what it pulls.
 */
export function expandNodeOsTags(sites: readonly ImageSite[], nodeOs: readonly string[]): BuiltinImages {
  const out: BuiltinImages = { sites: [], warnings: [] };
  for (const s of sites) {
    if (s.taggedByOperator) {
      out.sites.push({ ...s, certainty: 'doubtful' });
      continue;
    }
    if (!s.nodeOsTag) {
      out.sites.push(s);
      continue;
    }
    const ref = toImageRef(s.ref)!;
    if (nodeOs.length > 0) {
      for (const os of nodeOs) {
        const suffixed = toImageRef(`${ref.domain}/${ref.path}:${ref.tag}-${os}`);
        if (suffixed) out.sites.push({ ...s, ref: suffixed.normalized });
      }
      continue;
    }
    out.sites.push({ ...s, certainty: 'doubtful' });
    out.warnings.push({
      operator: s.nodeOsTag.operator,
      message: `${s.nodeOsTag.operator} pulls ${s.ref} with its GPU nodes' OS appended to the tag (${ref.tag}-ubuntu24.04, ${ref.tag}-rhel9...; ${s.nodeOsTag.at}): ${s.ref} itself is no tag the registry has, so it is listed as doubtful`,
      next: `name your nodes' OS: --node-os ubuntu24.04 (repeatable; ID and VERSION_ID of /etc/os-release, e.g. rhel9.4 or rhcos4.16)`,
    });
  }
  return out;
}
