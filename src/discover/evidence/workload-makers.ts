// The controllers of a render that can make workloads, whose compiled-in images a list must
// account for: a workload whose ServiceAccount may create pods or workloads (pod-creators.ts), one
// that may write resources another controller turns into workloads (the table below: Gardener's
// ManagedResources, Argo CD and Flux objects, Tekton and Argo Workflows runs), and one serving a
// mutating webhook that injects into pods (pod-injectors.ts). RBAC that names no pods does not
// make a controller harmless: a ManagedResource it writes is applied by gardener-resource-manager.
import type { RenderedDoc } from '../../helm/engine/render-types.js';
import { grantedWorkloads, podCreators } from '../sites/pod-creators.js';
import { podInjectors } from '../sites/pod-injectors.js';
import { sightedOperator, type OperatorSightings } from '../operators/sightings.js';
import { OPERATOR_DEFAULTS } from '../operators/catalog.js';
import { isRecord } from '../../util/is-record.js';

/** Resources another controller applies as workloads, with the controller that does (sources: each project's API reference). */
export const APPLIED_BY_ANOTHER: readonly { group: string; resources: readonly string[]; appliedBy: string }[] = [
  { group: 'resources.gardener.cloud', resources: ['managedresources'], appliedBy: 'gardener-resource-manager' },
  { group: 'argoproj.io', resources: ['applications', 'applicationsets'], appliedBy: 'Argo CD' },
  { group: 'argoproj.io', resources: ['workflows', 'cronworkflows'], appliedBy: "Argo Workflows' controller" },
  { group: 'kustomize.toolkit.fluxcd.io', resources: ['kustomizations'], appliedBy: "Flux's kustomize-controller" },
  { group: 'helm.toolkit.fluxcd.io', resources: ['helmreleases'], appliedBy: "Flux's helm-controller" },
  { group: 'tekton.dev', resources: ['taskruns', 'pipelineruns'], appliedBy: 'Tekton Pipelines' },
];

const appliedBy = (resource: string): string => {
  const [kind, ...group] = resource.split('.');
  return APPLIED_BY_ANOTHER.find((r) => r.group === group.join('.') && r.resources.includes(kind!))?.appliedBy ?? 'another controller';
};

export interface WorkloadMaker {
  chart: string;
  template: string;
  kind: string;
  name: string;
  /** Its containers' images. */
  images: string[];
  /** How it makes workloads, in words. */
  how: string;
  /** The operator defaults table (the catalog) has read its program: its compiled-in images are accounted for there. */
  read: boolean;
  /** The catalog entry (its `operator` name) that read it. */
  operator?: string;
}

const CONTROLLERS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

function writesApplied(rules: unknown): string[] {
  const out = new Set<string>();
  for (const r of Array.isArray(rules) ? rules : []) {
    if (!isRecord(r)) continue;
    const verbs = Array.isArray(r.verbs) ? r.verbs : [];
    if (!['create', 'update', 'patch', '*'].some((v) => verbs.includes(v))) continue;
    const groups = Array.isArray(r.apiGroups) ? r.apiGroups : [];
    const resources = Array.isArray(r.resources) ? r.resources : [];
    for (const { group, resources: kinds } of APPLIED_BY_ANOTHER)
      if (groups.includes(group)) for (const k of kinds) if (resources.includes(k) || resources.includes('*')) out.add(`${k}.${group}`);
  }
  return [...out];
}

export function workloadMakers(docs: readonly RenderedDoc[], operators: OperatorSightings): WorkloadMaker[] {
  const readPlaces = new Map<string, string>(
    [...operators.byEntry].flatMap(([i, e]) =>
      e.operators.map((o) => [`${o.source.template}\0${o.source.kind}/${o.source.name}`, OPERATOR_DEFAULTS[i]!.operator] as const),
    ),
  );
  const byPlace = new Map<string, WorkloadMaker>();
  const add = (m: Omit<WorkloadMaker, 'read'>) => {
    const key = `${m.template}\0${m.kind}/${m.name}`;
    const had = byPlace.get(key);
    if (had) return void (had.how = `${had.how}; ${m.how}`);
    const operator = readPlaces.get(key) ?? (readPlaces.size > 0 ? m.images.map((i) => sightedOperator(operators, i)).find((o) => o !== undefined) : undefined);
    byPlace.set(key, { ...m, read: operator !== undefined, ...(operator !== undefined ? { operator } : {}) });
  };
  for (const c of podCreators(docs))
    if (CONTROLLERS.has(c.kind))
      add({ ...place(c), how: `its ServiceAccount ${c.serviceAccount} is bound to ${c.role}, which may create ${c.creates.join(', ')}` });
  for (const c of grantedWorkloads(docs, writesApplied, []))
    add({
      ...place(c),
      how: `its ServiceAccount ${c.serviceAccount} may write ${c.creates.join(', ')}, which ${[...new Set(c.creates.map(appliedBy))].join(' and ')} turn${new Set(c.creates.map(appliedBy)).size > 1 ? '' : 's'} into workloads`,
    });
  for (const i of podInjectors(docs)) add({ ...place(i), how: `it serves MutatingWebhookConfiguration ${i.webhook}, which injects into pods` });
  return [...byPlace.values()];
}

const place = (c: { chart: string; template: string; kind: string; name: string; images: string[] }) => ({
  chart: c.chart,
  template: c.template,
  kind: c.kind,
  name: c.name,
  images: c.images,
});
