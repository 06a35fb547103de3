// Operator defaults (operator-defaults.ts) of the API gateway operators: Kong Gateway Operator, Envoy
// Gateway, Gravitee's Kubernetes operator (GKO). Each entry as read from the operator's source.
import { readings, type OperatorEntry } from './operator-defaults-model.js';

export const GATEWAY_OPERATORS: readonly OperatorEntry[] = [
  {
    operator: 'Kong Gateway Operator',
    repository: 'github.com/Kong/gateway-operator',
    images: ['docker.io/kong/gateway-operator'],
    resources: [
      { group: 'gateway-operator.konghq.com', kind: 'DataPlane' },
      { group: 'gateway-operator.konghq.com', kind: 'ControlPlane' },
    ],
    releases: [
      {
        versions: '1.6.2',
        read: 'v1.6.2',
        // a Gateway, DataPlane or ControlPlane that names no image runs these
        defaults: [
          { image: 'docker.io/library/kong:3.9', at: 'pkg/consts/dataplane.go:103' },
          { image: 'docker.io/kong/kubernetes-ingress-controller:3.4.8', at: 'pkg/consts/controlplane.go:36' },
        ],
      },
    ],
  },
  {
    operator: 'Envoy Gateway',
    repository: 'github.com/envoyproxy/gateway',
    images: ['docker.io/envoyproxy/gateway'],
    // its config file: the EnvoyGateway the chart's ConfigMap carries (envoy-gateway-config),
    // read by --config-path; its envoyProxy section is the EnvoyProxy every Gateway starts from
    configFile: 'envoy-gateway.yaml',
    // each Gateway's Envoy Deployment (or DaemonSet) when neither the file's envoyProxy nor an
    // EnvoyProxy resource names a container image (envoyproxy_helpers.go:102-112, alike from 1.7.0;
    // 1.7.x at shared_types.go:26). Each patch release moves the Envoy tag: Formbricks pins 1.7.1
    releases: readings(
      [{ image: 'docker.io/envoyproxy/envoy:distroless-v{tag}', unless: { config: 'envoyProxy.provider.kubernetes.envoyDeployment.container.image' } }],
      [
        { versions: '1.7.0', read: 'v1.7.0', tags: '1.37.0', at: 'api/v1alpha1/shared_types.go:26' },
        { versions: '1.7.1', read: 'v1.7.1', tags: '1.37.1', at: 'api/v1alpha1/shared_types.go:26' },
        { versions: '>=1.7.2 <=1.7.3', read: 'v1.7.3', tags: '1.37.2', at: 'api/v1alpha1/shared_types.go:26' },
        { versions: '1.7.4', read: 'v1.7.4', tags: '1.37.3', at: 'api/v1alpha1/shared_types.go:26' },
        { versions: '1.7.5', read: 'v1.7.5', tags: '1.37.5', at: 'api/v1alpha1/shared_types.go:26' },
        { versions: '1.8.0', read: 'v1.8.0', tags: '1.38.0', at: 'api/v1alpha1/shared_types.go:29' },
        { versions: '1.8.1', read: 'v1.8.1', tags: '1.38.1', at: 'api/v1alpha1/shared_types.go:29' },
        { versions: '>=1.8.2 <=1.8.3', read: 'v1.8.3', tags: '1.38.3', at: 'api/v1alpha1/shared_types.go:29' },
        { versions: '1.9.0', read: 'v1.9.0', tags: '1.39.0', at: 'api/v1alpha1/shared_types.go:29' },
      ],
    ),
  },
  {
    // the Gateway API gateway, a Deployment per Gateway of its GatewayClass, from a compiled-in
    // tagless image (internal/k8s/defaults.go:164) patched by the class's GatewayClassParameters
    // pod template (a strategic merge: containers by name, internal/k8s/gateway.go:849); its Gateway
    // API controllers run only with ENABLE_GATEWAY_API=true (main.go:274), which the chart writes
    // into its settings ConfigMap (envFrom) only under gatewayAPI.controller.enabled, default false.
    // Alike at every release from 4.8.0 (Gateway API's first) to 4.12.16 and at 4.13.0-rc
    operator: 'Gravitee Kubernetes Operator',
    repository: 'github.com/gravitee-io/gravitee-kubernetes-operator',
    images: ['docker.io/graviteeio/kubernetes-operator'],
    settings: 'gko-config',
    resources: [{ group: 'gravitee.io', kind: 'GatewayClassParameters' }],
    releases: ['>=4.8.0 <=4.12.16', '4.13.0-rc'].map((versions, i) => ({
      versions,
      read: i === 0 ? '4.12.16' : '5c55586f3fbd5d72ce45e38894fa6c164f53459e',
      defaults: [
        {
          image: 'docker.io/graviteeio/apim-gateway:latest',
          at: 'internal/k8s/defaults.go:45',
          kind: 'GatewayClassParameters',
          when: 'setting:ENABLE_GATEWAY_API=true',
          unless: { field: 'spec.kubernetes.deployment.template.spec.containers[name=gateway].image' },
        },
      ],
    })),
  },
];
