// How `values` reports: a text summary per release, and the error that fails the command
// (verification problems: exit 1; images still pulled from outside the target: exit 3 unless allowed).
import type { ValuesAllowed, ValuesReport } from './values-types.js';
import { parseReference, referenceProblem } from '../../oci/reference.js';
import type { RegistryCheck } from './check-registry.js';
import { AirgapError, PartialFailureError } from '../../util/errors.js';
import { formatProblem } from '../../overrides/verify.js';
import type { UmbrellaReport, UnplacedImage } from './umbrella.js';
import type { KustomizeReport } from './kustomize.js';
import { REJECTED } from './outputs.js';
import { servedFromCrdsFolder } from './accounting.js';
import { accounting, accountingFailure, accountingLines, notMoved, type ImageAccounting } from '../../overrides/image-accounting.js';

// The hint must be a command that works: Helm 3 takes an executable plus --post-renderer-args,
// Helm 4 a post-renderer plugin's name.
const POSTRENDER_HINT =
  'fix hard-coded images at install time with the post-renderer, then pass --allow-hardcoded. Helm 4: helm install ... --post-renderer airgap-postrender ' +
  '--post-renderer-args --registry=TARGET[/PREFIX]; Helm 3: helm install ... --post-renderer "$(helm env HELM_PLUGINS)/airgap/bin/helm-airgap" ' +
  '--post-renderer-args postrender --post-renderer-args --registry=TARGET[/PREFIX]';

export function formatValuesReport(r: ValuesReport): string[] {
  const naming = r.target.startsWith('map ') ? '' : ` (naming ${r.naming})`;
  const out = [`target ${r.target}${naming}, from ${r.from}`];
  if (r.helm) out.push(`proved by re-rendering as Helm ${r.helm.line} renders (${r.helm.version}'s rules; ${r.helm.why})`);
  if (r.signature) out.push(`bundle signed by ${r.signature.signer} (${r.signature.keyFile})`);
  else if (r.signature === null) out.push('bundle signature not checked: no --key (nor $HELM_AIRGAP_BUNDLE_KEY) given');
  if (r.kustomize) return [...out, ...formatKustomizeReport(r.kustomize), ...r.files.map((f) => `wrote ${f}`)];
  for (const rel of r.releases) {
    const n = new Set(rel.images.map((i) => i.source)).size;
    out.push(`release ${rel.release} (chart ${rel.chart} ${rel.version}): ${n} image(s) overridden, verified by re-render`);
    if (rel.accounting) out.push(...accountingLines(rel.accounting).map((l) => `  ${l}`));
    const pinned = rel.images.filter((i) => i.pinned);
    if (rel.unpinned)
      out.push(
        `  pinned to digests: ${new Set(pinned.map((i) => i.source)).size} image(s)${pinned.length ? ` (${[...new Set(pinned.map((i) => i.pinned))].join(', ')})` : ''}`,
      );
    for (const u of rel.unpinned ?? [])
      out.push(`  NOT pinned: ${u.source} in ${u.where.template} ${u.where.kind}/${u.where.name} ${u.where.fieldPath}: ${u.why}`);
    for (const c of rel.conflicts) out.push(`  conflict: ${c.path} is wanted as ${c.values.join(' and ')} (the first was written)`);
    for (const p of rel.problems) out.push(`  FAILED: ${formatProblem(p)}`);
    for (const d of rel.doubtful) {
      const problem = referenceProblem(d);
      out.push(
        problem === undefined
          ? `  doubtful (looks like an image, not checked): ${d}`
          : `  not a reference (${problem}: no runtime pulls it as it is; the chart's defaults leave the image to your values; set them, then run values again): ${d}`,
      );
    }
    for (const f of rel.followed ?? [])
      out.push(
        `  doubtful ${nameOnly(f.source)}: the shared registry value ${f.shared.join(', ')} moves it too, so ${f.paths.join(', ')} ${f.paths.length > 1 ? 'are' : 'is'} set: it pulls ${nameOnly(f.target)} (copy there the tags it is run with)`,
      );
  }
  if (r.umbrella) out.push(...formatUmbrellaReport(r.umbrella));
  out.push(...r.files.map((f) => `wrote ${f}`));
  if (r.registryCheck) out.push(...formatRegistryCheck(r.registryCheck));
  if (r.note) out.push(r.note);
  return out;
}

function formatRegistryCheck(c: RegistryCheck): string[] {
  const different = c.different ?? [];
  if (c.missing.length === 0 && different.length === 0)
    return [`registry check: all ${c.checked} image(s) the values point at are in the registry, with the digests recorded`];
  return [
    ...(c.missing.length > 0 ? [`registry check: ${c.missing.length} of ${c.checked} image(s) are NOT in the registry: ${c.missing.join(', ')}`] : []),
    ...(different.length > 0 ? [`registry check: ${different.length} of ${c.checked} image(s) serve ANOTHER digest than recorded:`] : []),
    ...different.map((d) => `  different: ${d.target}: registry ${d.found}, recorded ${d.expected}`),
  ];
}

// The values overrides are not what this format writes: only what the kustomization moves counts.
function formatKustomizeReport(k: KustomizeReport): string[] {
  const n = k.unreachable.length;
  return [
    `kustomization: ${k.resources.length} manifest file(s), ${k.images.length} image name(s) in images: (kustomize rewrites containers[].image and initContainers[].image)`,
    ...(n > 0 ? [`${n} image(s) NOT reachable by kustomize (still pointing outside the target):`] : []),
    ...k.unreachable.map((u) => `  not reachable: ${u.ref} in ${u.where.template} ${u.where.kind}/${u.where.name} ${u.where.fieldPath}: ${u.why}`),
    ...(k.skippedTests.length > 0 ? [`left out (helm test hooks): ${[...new Set(k.skippedTests)].join(', ')}`] : []),
  ];
}

function formatUmbrellaReport(u: UmbrellaReport): string[] {
  const where = (i: UnplacedImage) => `${i.ref} in ${i.where.template} ${i.where.kind}/${i.where.name} ${i.where.fieldPath}`;
  return [
    `umbrella keys: ${u.keys.map((k) => (k.key === k.chart ? k.key : `${k.key} (chart ${k.chart})`)).join(', ')}`,
    ...u.notes.map((n) => `  note: ${n}`),
    ...(u.chart
      ? [`umbrella ${u.chart} rendered with the file: ${u.problems.length === 0 ? 'every image of the keyed dependencies is under the target' : 'FAILED'}`]
      : []),
    ...u.problems.map((p) => `  FAILED: ${where(p)} is not under the target`),
    ...u.outside.map((p) => `  not from the charts given (umbrella templates or other dependencies): ${where(p)}`),
  ];
}

/** Where the digests compared came from: the map, else the bundle's lock (or the chart's own pins). */
function recordedBy(r: ValuesReport): string {
  if (r.target.startsWith('map ')) return `the ${r.target}`;
  return r.from.startsWith('charts ') ? "the chart's pin" : `the lock of ${r.from}`;
}

/** The files written under a rejected name, so that no `-f DIR/*.yaml` takes them. */
function keptAs(r: ValuesReport): string {
  const rejected = r.files.filter((f) => f.endsWith(REJECTED));
  return rejected.length > 0 ? ` (not written as values: kept for inspection as ${rejected.join(', ')})` : '';
}

/** The error the command ends with, if any. */
export function valuesFailure(r: ValuesReport, allowed: ValuesAllowed): AirgapError | undefined {
  const allowHardcoded = Boolean(allowed.hardcoded);
  if (r.kustomize) return kustomizeFailure(r, r.kustomize, allowHardcoded);
  const problems = [
    ...r.releases.flatMap((rel) => rel.problems.map((p) => `${rel.release}: ${formatProblem(p)}`)),
    ...(r.umbrella?.problems ?? []).map((p) => `umbrella ${p.where.template} ${p.where.fieldPath}: ${p.ref} is not under the target`),
  ];
  if (problems.length > 0) {
    const kept = keptAs(r);
    return new AirgapError(`values: verification failed${kept}: ${problems.join('; ')}`, {
      code: 'ERR_VALUES_VERIFY',
      hint: 'these images are not controlled by the values written; fix them with `helm airgap postrender`, or report the chart shape',
    });
  }
  const absent = r.registryCheck?.missing ?? [];
  const different = r.registryCheck?.different ?? [];
  if (absent.length > 0 || different.length > 0) {
    const items = [
      ...absent.map((item) => ({ item, error: 'not in the registry' })),
      ...different.map((d) => ({ item: d.target, error: `the registry serves ${d.found}, recorded ${d.expected}` })),
    ];
    return new PartialFailureError(
      `values${keptAs(r)}: ${[
        absent.length > 0 ? `${absent.length} image(s) the values point at are not in the registry: ${absent.join(', ')}` : '',
        different.length > 0
          ? `${different.length} image(s) serve another digest than ${recordedBy(r)} recorded: ${different.map((d) => `${d.target} (registry ${d.found}, recorded ${d.expected})`).join(', ')}`
          : '',
      ]
        .filter(Boolean)
        .join('; ')}`,
      items,
      {
        code: absent.length > 0 ? 'ERR_VALUES_NOT_PUSHED' : 'ERR_VALUES_DIGEST_DIFFERS',
        hint:
          absent.length > 0
            ? 'push the bundle there with the same --registry and --naming (helm airgap push), or give values the --naming push used'
            : r.target.startsWith('map ')
              ? 'a tag was overwritten, or the map is not the one this transfer wrote: transfer the images again with --write-map, or run helm airgap verify --map to see each image'
              : 'a tag was overwritten since the bundle was pushed: push the bundle again, or run helm airgap verify to see each image',
      },
    );
  }
  const unpinned = r.releases.flatMap((rel) => (rel.unpinned ?? []).map((u) => ({ item: `${rel.release}: ${u.source}`, error: u.why })));
  if (unpinned.length > 0 && !allowed.unpinned)
    return new PartialFailureError(
      `values: ${unpinned.length} image(s) not pinned to a digest: ${unpinned.map((u) => `${u.item} (${u.error})`).join('; ')}`,
      unpinned,
      {
        code: 'ERR_VALUES_UNPINNED',
        hint: 'give a bundle or a map with digests (push, copy or sync --write-map), fix them at install with the post-renderer, or pass --allow-unpinned to keep their tags',
      },
    );
  const left = accountingFailure(allReleases(r), allowed, r, {
    command: 'values',
    unmappedHint:
      'transfer them too and give the map that transfer wrote (copy, push or sync --write-map), add their entries to the map, or pass --allow-unmapped to install them from where they are',
    hardcodedHint: [
      r.releases.some((rel) => rel.hardcoded.some((h) => h.held))
        ? `set each values key named to the string given (the image is inside a longer string there), or ${POSTRENDER_HINT}`
        : r.releases.some((rel) => rel.hardcoded.some((h) => !h.builtin && !servedFromCrdsFolder(h)))
          ? POSTRENDER_HINT
          : '',
      // the post-renderer never sees these, so it is not offered for them
      r.releases.some((rel) => rel.hardcoded.some(servedFromCrdsFolder))
        ? "a CRD default in the chart's crds/ folder, which Helm passes to no post-renderer: set the field named with each in each resource applied later, or mirror its registry to the target on the nodes; then pass --allow-hardcoded"
        : '',
      r.releases.some((rel) => rel.hardcoded.some((h) => h.builtin))
        ? "an operator's built-in default: set the operator's setting named with each to the target (postrender does it at install: an env var or flag of the operator's container, or the field in each resource of the release that leaves it out), or mirror its registry to the target on the nodes; then pass --allow-hardcoded"
        : '',
    ]
      .filter(Boolean)
      .join('; '),
  });
  // the files are there for a look, under names no -f values/*.yaml takes: the message says which
  if (left) left.message = left.message.replace(/^values:/, `values${keptAs(r)}:`);
  return left;
}

/** The releases' accountings as one, each image named with its release. */
function allReleases(r: ValuesReport): ImageAccounting {
  const named = <T extends { source: string }>(rel: string, xs: readonly T[]) => xs.map((x) => ({ ...x, source: `${rel}: ${x.source}` }));
  return accounting(
    r.releases.flatMap((rel) => named(rel.release, rel.accounting?.moved ?? [])),
    r.releases.flatMap((rel) => named(rel.release, rel.accounting?.notMoved ?? [])),
  );
}

// -o json: the error document carries the report, so the unreachable images are there as data
function kustomizeFailure(r: ValuesReport, k: KustomizeReport, allowHardcoded: boolean): AirgapError | undefined {
  const a = accounting(
    [],
    k.unreachable.map((u) => notMoved(u.ref, 'out-of-reach', { detail: u.why, where: u.where })),
  );
  return accountingFailure(a, { hardcoded: allowHardcoded }, r, {
    command: 'values',
    unmappedHint: '',
    hardcodedHint:
      'install with --format values (values paths reach args, env and ConfigMaps) or pipe the manifests through `helm airgap postrender --registry TARGET`; --allow-hardcoded accepts them',
    hardcodedCode: 'ERR_VALUES_KUSTOMIZE_UNREACHABLE',
  });
}

/** A reference's registry and repository: a doubtful image's tag is often only the default filled in. */
function nameOnly(ref: string): string {
  const r = parseReference(ref);
  return `${r.registry}/${r.repository}`;
}
