// How `values` reports: a text summary per release, and the error that fails the command
// (verification problems: exit 1; hard-coded images: exit 3 unless allowed).
import type { ValuesReport } from './values.js';
import { AirgapError, PartialFailureError, PartialResultError } from '../../util/errors.js';
import { formatProblem } from '../../overrides/verify.js';
import type { UmbrellaReport, UnplacedImage } from './umbrella.js';
import type { KustomizeReport } from './kustomize.js';

// The hint must be a command that works: Helm 3 takes an executable plus --post-renderer-args,
// Helm 4 a post-renderer plugin's name.
const POSTRENDER_HINT =
  'fix hard-coded images at install time with the post-renderer, then pass --allow-hardcoded. Helm 4: helm install ... --post-renderer airgap-postrender ' +
  '--post-renderer-args --registry=TARGET[/PREFIX]; Helm 3: helm install ... --post-renderer "$(helm env HELM_PLUGINS)/airgap/bin/helm-airgap" ' +
  '--post-renderer-args postrender --post-renderer-args --registry=TARGET[/PREFIX]';

export function formatValuesReport(r: ValuesReport): string[] {
  const naming = r.target.startsWith('mirror-map ') ? '' : ` (naming ${r.naming})`;
  const out = [`target ${r.target}${naming}, from ${r.from}`];
  if (r.kustomize) return [...out, ...formatKustomizeReport(r.kustomize), ...r.files.map((f) => `wrote ${f}`)];
  for (const rel of r.releases) {
    const n = new Set(rel.images.map((i) => i.source)).size;
    out.push(`release ${rel.release} (chart ${rel.chart} ${rel.version}): ${n} image(s) overridden, verified by re-render`);
    for (const h of rel.hardcoded) out.push(`  hard-coded: ${h.source} in ${h.where.template} ${h.where.kind}/${h.where.name} ${h.where.fieldPath}`);
    for (const h of rel.testOnly ?? [])
      out.push(
        `  test-only (helm test, not settable by values): ${h.source} in ${h.where.template}; air-gapped, run helm test with Helm 4 and --post-renderer airgap-postrender`,
      );
    for (const c of rel.conflicts) out.push(`  conflict: ${c.path} is wanted as ${c.values.join(' and ')} (the first was written)`);
    for (const p of rel.problems) out.push(`  FAILED: ${formatProblem(p)}`);
    for (const d of rel.doubtful) out.push(`  doubtful (looks like an image, not checked): ${d}`);
  }
  if (r.umbrella) out.push(...formatUmbrellaReport(r.umbrella));
  out.push(...r.files.map((f) => `wrote ${f}`));
  if (r.registryCheck)
    out.push(
      r.registryCheck.missing.length === 0
        ? `registry check: all ${r.registryCheck.checked} image(s) the values point at are in the registry`
        : `registry check: ${r.registryCheck.missing.length} of ${r.registryCheck.checked} image(s) are NOT in the registry: ${r.registryCheck.missing.join(', ')}`,
    );
  if (r.note) out.push(r.note);
  return out;
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

/** The error the command ends with, if any. */
export function valuesFailure(r: ValuesReport, allowHardcoded: boolean): AirgapError | undefined {
  if (r.kustomize) return kustomizeFailure(r, r.kustomize, allowHardcoded);
  const problems = [
    ...r.releases.flatMap((rel) => rel.problems.map((p) => `${rel.release}: ${formatProblem(p)}`)),
    ...(r.umbrella?.problems ?? []).map((p) => `umbrella ${p.where.template} ${p.where.fieldPath}: ${p.ref} is not under the target`),
  ];
  if (problems.length > 0) {
    return new AirgapError(`values: verification failed: ${problems.join('; ')}`, {
      code: 'ERR_VALUES_VERIFY',
      hint: 'these images are not controlled by the values written; fix them with `helm airgap postrender`, or report the chart shape',
    });
  }
  const absent = r.registryCheck?.missing ?? [];
  if (absent.length > 0)
    return new PartialFailureError(
      `values: ${absent.length} image(s) the values point at are not in the registry: ${absent.join(', ')}`,
      absent.map((item) => ({ item, error: 'not in the registry' })),
      {
        code: 'ERR_VALUES_NOT_PUSHED',
        hint: 'push the bundle there with the same --registry and --naming (helm airgap push), or give values the --naming push used',
      },
    );
  const hard = r.releases.flatMap((rel) =>
    rel.hardcoded.map((h) => ({
      item: `${rel.release}: ${h.source}`,
      error: `hard-coded in ${h.where.template} ${h.where.kind}/${h.where.name} ${h.where.fieldPath}`,
    })),
  );
  if (hard.length === 0 || allowHardcoded) return undefined;
  return new PartialFailureError(
    `values: ${hard.length} image(s) hard-coded in templates (no values path): ${hard.map((h) => `${h.item} (${h.error})`).join('; ')}`,
    hard,
    { code: 'ERR_VALUES_HARDCODED', hint: POSTRENDER_HINT },
  );
}

// -o json: the error document carries the report, so the unreachable images are there as data
function kustomizeFailure(r: ValuesReport, k: KustomizeReport, allowHardcoded: boolean): AirgapError | undefined {
  if (k.unreachable.length === 0 || allowHardcoded) return undefined;
  const items = k.unreachable.map((u) => ({ item: u.ref, error: `${u.where.template} ${u.where.kind}/${u.where.name} ${u.where.fieldPath}: ${u.why}` }));
  return new PartialResultError(
    `values: ${items.length} image(s) the kustomization cannot move: ${items.map((i) => `${i.item} (${i.error})`).join('; ')}`,
    items,
    r,
    {
      code: 'ERR_VALUES_KUSTOMIZE_UNREACHABLE',
      hint: 'install with --format values (values paths reach args, env and ConfigMaps) or pipe the manifests through `helm airgap postrender --registry TARGET`; --allow-hardcoded accepts them',
    },
  );
}
