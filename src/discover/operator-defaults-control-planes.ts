// Operator defaults (operator-defaults.ts) of hosted control planes: Kamaji, which runs each tenant
// cluster's control plane as a Deployment of the management cluster, reached through its own
// TenantControlPlane or Cluster API's KamajiControlPlane (its control plane provider writes the
// TenantControlPlane from it). Read from the operator's source.
import type { BuiltinDefault, OperatorEntry } from './operator-defaults-model.js';

const FUNCS = 'api/v1alpha1/tenantcontrolplane_registrysettings_funcs.go';
// the provider's copy of a KamajiControlPlane into its TenantControlPlane, read at v0.19.0
// (the version Cozystack deploys): spec.version (kamajicontrolplane_controller_tcp.go:86-89),
// spec.containerRegistry (:116), spec.addons (:94)
const PROVIDER = 'clastix/cluster-api-control-plane-provider-kamaji@v0.19.0';

/**
 * registry.k8s.io/COMPONENT:VERSION (buildContainerImage, FUNCS:11; the registry and names are the
 * CRD's defaults, tenantcontrolplane_registrysettings.go:7-16).
 */
const plane = (kind: string, version: string, registry: string): BuiltinDefault[] =>
  [
    ['kube-apiserver', 21],
    ['kube-controller-manager', 29],
    ['kube-scheduler', 25],
  ].map(([name, line]) => ({
    image: `{cr:${registry}|registry.k8s.io}/${name}:{cr:${version}}`,
    at: `${FUNCS}:${line}`,
    per: kind,
    // a registry the resource names replaces registry.k8s.io: values and postrender set it to the target's
    unless: { field: registry, takes: 'registry' as const },
    ...(kind === 'KamajiControlPlane' ? { source: PROVIDER } : {}),
  }));

/** Konnectivity's server (beside the API server) and agent (in the tenant cluster), where the addon is on with a version. */
const konnectivity = (kind: string, addons: string): BuiltinDefault[] => [
  {
    image: `registry.k8s.io/kas-network-proxy/proxy-server:{cr:${addons}.konnectivity.server.version}`,
    at: 'internal/builders/controlplane/konnectivity_server.go:58',
    per: kind,
    unless: { field: `${addons}.konnectivity.server.image` },
  },
  {
    image: `registry.k8s.io/kas-network-proxy/proxy-agent:{cr:${addons}.konnectivity.agent.version}`,
    at: 'internal/resources/konnectivity/agent.go:251',
    per: kind,
    unless: { field: `${addons}.konnectivity.agent.image` },
  },
];

export const CONTROL_PLANE_OPERATORS: readonly OperatorEntry[] = [
  {
    // read at 26.3.6-edge, the release Cozystack builds its kamaji image from; the images are
    // composed from the resource alone, the same at every release read, so they are listed
    // whether or not Kamaji is in the render (fromResource)
    operator: 'Kamaji',
    repository: 'github.com/clastix/kamaji',
    images: ['docker.io/clastix/kamaji', 'ghcr.io/clastix/kamaji'],
    resources: [
      { group: 'kamaji.clastix.io', kind: 'TenantControlPlane' },
      { group: 'controlplane.cluster.x-k8s.io', kind: 'KamajiControlPlane' },
    ],
    // nothing of its own beyond what the resources compose (fromResource)
    releases: [{ versions: '26.3.6-edge', read: '26.3.6-edge', defaults: [] }],
    fromResource: [
      ...plane('TenantControlPlane', 'spec.kubernetes.version', 'spec.controlPlane.deployment.registrySettings.registry'),
      ...konnectivity('TenantControlPlane', 'spec.addons'),
      ...plane('KamajiControlPlane', 'spec.version', 'spec.containerRegistry'),
      ...konnectivity('KamajiControlPlane', 'spec.addons'),
    ],
  },
];
