// Programs of a render that add containers to other pods as they are created: a mutating webhook on
// pod creation that says it injects (its configuration's, webhook's, Service's name or path:
// Infisical's `infisical-agent-injector-cfg`, CyberArk's `sidecar-injector`), served by a workload of
// the render. Such a program needs no grant to create pods, so sites/pod-creators.ts never sees it; what
// it injects is listed only where the chart tells it the image or the operator defaults table has
// read it, and otherwise `images` says it cannot.
import type { RenderedDoc } from '../../helm/engine/render-types.js';
import { sharedDocumentObject } from '../../helm/release/manifests.js';
import { isRecord } from '../../util/is-record.js';

/** The word a webhook that adds containers names itself by. */
const INJECTS = /inject/i;
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

export interface PodInjector {
  chart: string;
  template: string;
  kind: string;
  name: string;
  images: string[];
  /** Its pod spec: what it reads (sites/pod-creators.ts podReads) may hold what it injects. */
  podSpec: Record<string, unknown>;
  /** The MutatingWebhookConfiguration it serves. */
  webhook: string;
}

/** The workloads serving a mutating webhook that injects into pods as they are created. */
export function podInjectors(docs: readonly RenderedDoc[]): PodInjector[] {
  // asked of each render the optional search makes: its documents read once
  let found = INJECTORS.get(docs);
  if (!found) INJECTORS.set(docs, (found = injectorsOf(docs)));
  return found;
}

const INJECTORS = new WeakMap<readonly RenderedDoc[], PodInjector[]>();

function injectorsOf(docs: readonly RenderedDoc[]): PodInjector[] {
  const objects = docs.map((d) => ({ d, o: sharedDocumentObject(d) }));
  // a render without such a configuration (nearly all) costs a look at each document's kind
  if (!objects.some(({ o }) => isRecord(o) && o.kind === 'MutatingWebhookConfiguration')) return [];
  const services = new Map<string, string>();
  for (const { o } of objects) {
    if (!isRecord(o) || o.kind !== 'MutatingWebhookConfiguration' || !isRecord(o.metadata)) continue;
    for (const w of Array.isArray(o.webhooks) ? o.webhooks : []) {
      if (!isRecord(w) || !isRecord(w.clientConfig) || !isRecord(w.clientConfig.service) || !onPodCreation(w.rules)) continue;
      const svc = w.clientConfig.service;
      const named = [o.metadata.name, w.name, svc.name, svc.path].some((x) => typeof x === 'string' && INJECTS.test(x));
      if (named && typeof svc.name === 'string') services.set(svc.name, String(o.metadata.name));
    }
  }
  if (services.size === 0) return [];
  const selectors: { selector: Record<string, unknown>; webhook: string }[] = [];
  for (const { o } of objects)
    if (isRecord(o) && o.kind === 'Service' && isRecord(o.metadata) && isRecord(o.spec) && isRecord(o.spec.selector)) {
      const webhook = services.get(String(o.metadata.name));
      if (webhook) selectors.push({ selector: o.spec.selector, webhook });
    }
  const out: PodInjector[] = [];
  for (const { d, o } of objects) {
    if (!isRecord(o) || typeof o.kind !== 'string' || !WORKLOADS.has(o.kind) || !isRecord(o.metadata) || !isRecord(o.spec)) continue;
    const pod = isRecord(o.spec.template) ? o.spec.template : undefined;
    const labels = pod && isRecord(pod.metadata) && isRecord(pod.metadata.labels) ? pod.metadata.labels : {};
    const served = selectors.find((s) => Object.entries(s.selector).every(([k, v]) => labels[k] === v));
    if (!served || !pod || !isRecord(pod.spec)) continue;
    const containers = Array.isArray(pod.spec.containers) ? pod.spec.containers : [];
    const images = containers.flatMap((c) => (isRecord(c) && typeof c.image === 'string' ? [c.image] : []));
    out.push({ chart: d.chart, template: d.template, kind: o.kind, name: String(o.metadata.name), images, podSpec: pod.spec, webhook: served.webhook });
  }
  return out;
}

/** A webhook's rules catch pods as they are created. */
function onPodCreation(rules: unknown): boolean {
  return (Array.isArray(rules) ? rules : []).some(
    (r) =>
      isRecord(r) &&
      Array.isArray(r.resources) &&
      r.resources.some((x) => x === 'pods' || x === '*') &&
      Array.isArray(r.operations) &&
      r.operations.some((x) => x === 'CREATE' || x === '*'),
  );
}
