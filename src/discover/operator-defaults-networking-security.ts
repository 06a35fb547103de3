// Operator defaults (operator-defaults.ts) of the networking and runtime security operators:
// Submariner, KubeArmor, Tailscale, Eraser, Harvester's Kube-OVN operator, NetBird, Twingate, OpenELB, the Chisel tunnel operator, Starboard, Mondoo (security scans), Infisical's agent injector. Each entry as read from the operator's source.
import { readings, type BuiltinDefault, type OperatorEntry } from './operator-defaults-model.js';

// Eraser's image jobs, alike (and at the same lines) at every release read: each component's
// repository compiled in, its tag the config file's (the chart's ConfigMap gives only that), else
// the operator's build version (version.BuildVersion, its image's tag)
const ERASER_JOBS: readonly BuiltinDefault[] = [
  {
    image: 'ghcr.io/eraser-dev/collector:{config:components.collector.image.tag|operatorTag}',
    at: 'api/v1alpha3/config/config.go:74',
    when: 'config:components.collector.enabled',
    unless: { config: 'components.collector.image.repo', takes: 'repository' },
  },
  {
    image: 'ghcr.io/eraser-dev/eraser-trivy-scanner:{config:components.scanner.image.tag|operatorTag}',
    at: 'api/v1alpha3/config/config.go:92',
    when: 'config:components.scanner.enabled',
    unless: { config: 'components.scanner.image.repo', takes: 'repository' },
  },
  {
    image: 'ghcr.io/eraser-dev/remover:{config:components.remover.image.tag|operatorTag}',
    at: 'api/v1alpha3/config/config.go:108',
    unless: { config: 'components.remover.image.repo', takes: 'repository' },
  },
];

export const NETWORKING_SECURITY_OPERATORS: readonly OperatorEntry[] = [
  {
    // The ACME HTTP-01 solver: a pod per challenge of an ACME issuer with an http01 solver, from the
    // compiled-in quay.io/jetstack/cert-manager-acmesolver at the controller's own version
    // (`--acme-http01-solver-image`). Its chart passes the flag only from v1.11.0 (deployment.yaml),
    // so older charts, still shipped as subcharts (Grafana OnCall's v1.8.0), name it nowhere. Read at
    // the newest patch of each minor 1.0-1.20: the same default, only its place moves
    operator: 'cert-manager',
    repository: 'github.com/cert-manager/cert-manager',
    images: ['quay.io/jetstack/cert-manager-controller'],
    resources: [
      { group: 'cert-manager.io', kind: 'Issuer' },
      { group: 'cert-manager.io', kind: 'ClusterIssuer' },
    ],
    releases: (
      [
        ['>=1.0.0 <=1.0.4', 'v1.0.4', 'cmd/controller/app/options/options.go:121'],
        ['>=1.1.0 <=1.1.1', 'v1.1.1', 'cmd/controller/app/options/options.go:131'],
        ['>=1.2.0 <=1.2.0', 'v1.2.0', 'cmd/controller/app/options/options.go:134'],
        ['>=1.3.0 <=1.3.3', 'v1.3.3', 'cmd/controller/app/options/options.go:135'],
        ['>=1.4.0 <=1.4.4', 'v1.4.4', 'cmd/controller/app/options/options.go:139'],
        ['>=1.5.0 <=1.5.5', 'v1.5.5', 'cmd/controller/app/options/options.go:149'],
        ['>=1.6.0 <=1.6.3', 'v1.6.3', 'cmd/controller/app/options/options.go:144'],
        ['>=1.7.0 <=1.7.3', 'v1.7.3', 'cmd/controller/app/options/options.go:148'],
        ['>=1.8.0 <=1.8.2', 'v1.8.2', 'cmd/controller/app/options/options.go:149'],
        ['>=1.9.0 <=1.10.2', 'v1.10.2', 'cmd/controller/app/options/options.go:153'],
        ['>=1.11.0 <=1.11.5', 'v1.11.5', 'cmd/controller/app/options/options.go:154'],
        ['>=1.12.0 <=1.12.17', 'v1.12.17', 'cmd/controller/app/options/options.go:173'],
        ['>=1.13.0 <=1.14.7', 'v1.14.7', 'internal/apis/config/controller/v1alpha1/defaults.go:98'],
        ['>=1.15.0 <=1.20.3', 'v1.20.3', 'internal/apis/config/controller/v1alpha1/defaults.go:93'],
      ] as const
    ).map(([versions, read, at]) => ({
      versions,
      read,
      defaults: ['Issuer', 'ClusterIssuer'].map((kind) => ({
        image: 'quay.io/jetstack/cert-manager-acmesolver:{operatorTag}',
        at,
        kind,
        when: 'spec.acme',
        unless: { flag: '--acme-http01-solver-image' },
      })),
    })),
  },
  {
    operator: 'Submariner Operator',
    repository: 'github.com/submariner-io/submariner-operator',
    images: ['quay.io/submariner/submariner-operator'],
    resources: [{ group: 'submariner.io', kind: 'Submariner' }],
    releases: [
      {
        versions: '>=0.16.0 <=0.18.1',
        read: 'v0.18.1',
        // REPOSITORY/NAME:VERSION (pkg/images/images.go:47-50), the names compiled in
        // (pkg/names/names.go:32-39); spec.imageOverrides, keyed by component (admiral's
        // pkg/names/names.go:23-31 @v0.18.1: submariner-routeagent, submariner-metrics-proxy...), names another
        defaults: [
          {
            image: '{cr:spec.repository}/submariner-gateway:{cr:spec.version}',
            at: 'controllers/submariner/gateway_resources.go:155',
            per: 'Submariner',
            unless: { field: 'spec.imageOverrides.submariner-gateway' },
          },
          {
            image: '{cr:spec.repository}/submariner-route-agent:{cr:spec.version}',
            at: 'controllers/submariner/route_agent_resources.go:99',
            per: 'Submariner',
            unless: { field: 'spec.imageOverrides.submariner-routeagent' },
          },
          {
            image: '{cr:spec.repository}/nettest:{cr:spec.version}',
            at: 'controllers/submariner/metrics_proxy_resources.go:87',
            per: 'Submariner',
            unless: { field: 'spec.imageOverrides.submariner-metrics-proxy' },
          },
          // through the ServiceDiscovery resource the operator creates (servicediscovery_resources.go:44)
          {
            image: '{cr:spec.repository}/lighthouse-agent:{cr:spec.version}',
            at: 'controllers/servicediscovery/servicediscovery_controller.go:236',
            per: 'Submariner',
            when: 'spec.serviceDiscoveryEnabled',
            unless: { field: 'spec.imageOverrides.submariner-lighthouse-agent' },
          },
          {
            image: '{cr:spec.repository}/lighthouse-coredns:{cr:spec.version}',
            at: 'controllers/servicediscovery/servicediscovery_controller.go:333',
            per: 'Submariner',
            when: 'spec.serviceDiscoveryEnabled',
            unless: { field: 'spec.imageOverrides.submariner-lighthouse-coredns' },
          },
        ],
      },
    ],
  },
  {
    operator: 'KubeArmor Operator',
    repository: 'github.com/kubearmor/KubeArmor',
    images: ['docker.io/kubearmor/kubearmor-operator'],
    releases: [
      {
        versions: '>=1.4.0 <=1.7.4',
        read: 'v1.7.4',
        // pulled with no KubeArmorConfig: a snitch Job per node (internal/controller/cluster.go:264),
        // then the KubeArmor DaemonSet from the labels it sets (resources.go:183)
        defaults: [
          {
            // the tag is the operator's own (internal/controller/cluster.go:99)
            image: 'docker.io/kubearmor/kubearmor-snitch:{operatorTag}',
            at: 'pkg/KubeArmorOperator/common/defaults.go:75',
            unless: { env: 'RELATED_IMAGE_KUBEARMOR_SNITCH' },
          },
          { image: 'docker.io/kubearmor/kubearmor:stable', at: 'pkg/KubeArmorOperator/common/defaults.go:117', unless: { env: 'RELATED_IMAGE_KUBEARMOR' } },
          {
            image: 'docker.io/kubearmor/kubearmor-init:stable',
            at: 'pkg/KubeArmorOperator/common/defaults.go:126',
            unless: { env: 'RELATED_IMAGE_KUBEARMOR_INIT' },
          },
        ],
      },
    ],
  },
  {
    // a response engine for Falco events: its kubernetes:tcpdump and (from v0.3.0) kubernetes:sysdig
    // actions run a pod of their parameters' image, else these defaults, for rules the user writes
    // (the chart's default rules use none of them)
    operator: 'Falco Talon',
    repository: 'github.com/falcosecurity/falco-talon',
    images: ['docker.io/falcosecurity/falco-talon', 'falco.docker.scarf.sh/falcosecurity/falco-talon'],
    releases: readings(
      [{ image: 'docker.io/issif/tcpdump:{tag}', onAction: 'a response rule runs its kubernetes:tcpdump action with no image' }],
      [{ versions: '>=0.1.1 <=0.2.1', read: 'v0.2.1', tags: 'latest', at: 'actionners/kubernetes/tcpdump/tcpdump.go:79' }],
    ).concat(
      readings(
        [
          { image: 'docker.io/issif/tcpdump:{tag}', onAction: 'a response rule runs its kubernetes:tcpdump action with no image' },
          { image: 'docker.io/issif/sysdig:{tag}', onAction: 'a response rule runs its kubernetes:sysdig action with no image' },
        ],
        [
          {
            versions: '0.3.0',
            read: 'v0.3.0',
            tags: 'latest latest',
            at: 'actionners/kubernetes/tcpdump/tcpdump.go:79 actionners/kubernetes/sysdig/sysdig.go:82',
          },
        ],
      ),
    ),
  },
  {
    // PROXY_IMAGE is set by the chart (the site table finds it); K8S_PROXY_IMAGE, the image of
    // ProxyGroups of type kube-apiserver, is not: the operator's default (cmd/k8s-operator/operator.go),
    // the same at every release tag from v1.86.0 (where it appeared) to v1.102.3, only its line moving.
    // A DNSConfig (one per cluster, which a user applies) runs the nameserver, from
    // defaultNameserverImageRepo and -Tag (cmd/k8s-operator/nameserver.go maybeProvision) unless its
    // spec.nameserver.image names a repo: tagged `unstable` to v1.90.9, `stable` from v1.92.0.
    operator: 'Tailscale Kubernetes operator',
    repository: 'github.com/tailscale/tailscale',
    images: ['docker.io/tailscale/k8s-operator'],
    resources: [{ group: 'tailscale.com', kind: 'DNSConfig' }],
    releases: readings(
      [
        { image: 'docker.io/tailscale/k8s-proxy:{tag}', unless: { env: 'K8S_PROXY_IMAGE' } },
        { image: 'docker.io/tailscale/k8s-nameserver:{tag}', unless: { field: 'spec.nameserver.image.repo', takes: 'repository' } },
      ],
      [
        { versions: '>=1.86.0 <=1.88.4', read: 'v1.88.4', tags: 'latest unstable', at: 'cmd/k8s-operator/operator.go:81 cmd/k8s-operator/nameserver.go:46' },
        { versions: '>=1.90.0 <=1.90.9', read: 'v1.90.9', tags: 'latest unstable', at: 'cmd/k8s-operator/operator.go:85 cmd/k8s-operator/nameserver.go:47' },
        { versions: '>=1.92.0 <=1.92.5', read: 'v1.92.5', tags: 'latest stable', at: 'cmd/k8s-operator/operator.go:85 cmd/k8s-operator/nameserver.go:48' },
        { versions: '>=1.94.0 <=1.94.2', read: 'v1.94.2', tags: 'latest stable', at: 'cmd/k8s-operator/operator.go:86 cmd/k8s-operator/nameserver.go:48' },
        { versions: '>=1.96.0 <=1.96.1', read: 'v1.96.1', tags: 'latest stable', at: 'cmd/k8s-operator/operator.go:88 cmd/k8s-operator/nameserver.go:48' },
        { versions: '>=1.96.2 <=1.96.5', read: 'v1.96.5', tags: 'latest stable', at: 'cmd/k8s-operator/operator.go:89 cmd/k8s-operator/nameserver.go:48' },
        { versions: '>=1.98.0 <=1.100.0', read: 'v1.100.0', tags: 'latest stable', at: 'cmd/k8s-operator/operator.go:92 cmd/k8s-operator/nameserver.go:47' },
        { versions: '>=1.102.0 <=1.102.3', read: 'v1.102.3', tags: 'latest stable', at: 'cmd/k8s-operator/operator.go:93 cmd/k8s-operator/nameserver.go:47' },
      ],
    ),
  },
  {
    // the image jobs it runs on every node: its config file (the chart's ConfigMap, mounted and
    // named by --config) is overlaid on config.Default() (main.go getUnversioned), where each
    // component's repository is version.DefaultRepo ("ghcr.io/eraser-dev") + its basename
    // (api/v1alpha3/config/config.go repo()); the chart's file gives only each tag. The collector
    // runs when components.collector.enabled (off by default), the scanner inside its pods when
    // components.scanner.enabled too (read here as the scanner's own switch), the remover always.
    operator: 'Eraser',
    repository: 'github.com/eraser-dev/eraser',
    images: ['ghcr.io/eraser-dev/eraser-manager'],
    configFile: 'controller_manager_config.yaml',
    releases: [
      { versions: '>=1.4.0 <=1.4.1', read: 'v1.4.1', defaults: ERASER_JOBS },
      { versions: '1.5.0-beta.0', read: 'v1.5.0-beta.0', defaults: ERASER_JOBS },
    ],
  },
  {
    operator: "Harvester's Kube-OVN operator",
    repository: 'github.com/harvester/kubeovn-operator',
    images: ['docker.io/rancher/harvester-kubeovn-operator'],
    // read at v1.14.10: Kube-OVN itself comes from the Configuration resource (its chart renders
    // one only where a Helm-managed one exists already, through lookup), each component at the
    // Configuration's registry and repository with the tag the operator patches in, its --version
    // flag (default v1.14.10, cmd/main.go:59)
    releases: [],
    uncovered: {
      images:
        'Kube-OVN for the Configuration it reconciles: spec.global.registry.address/spec.global.images.kubeovn.repository:VERSION (docker.io/kubeovn/kube-ovn:v1.14.10 for v1.14.10), and with DPDK or a VpcNatGateway the dpdkRepository and vpcRepository images at that tag',
      at: 'internal/render/render.go:33',
    },
  },
  {
    // the chart leaves --netbird-client-image unset (routingClientImage empty): every NBRoutingPeer's
    // and NetworkRouter's client, and the sidecar its pod webhook injects, run the compiled-in client
    // (cmd/main.go:143); a ClusterProxy runs the kube API proxy (clusterproxy_controller.go:127), a
    // NetworkRouter the egress forwarder (networkrouter_controller.go:337), both pinned by digest
    operator: 'NetBird Kubernetes operator',
    repository: 'github.com/netbirdio/kubernetes-operator',
    images: ['ghcr.io/netbirdio/netbird-operator'],
    resources: ['NBRoutingPeer', 'NetworkRouter', 'ClusterProxy'].map((kind) => ({ group: 'netbird.io', kind })),
    releases: [
      {
        versions: '0.8.0',
        read: 'v0.8.0',
        defaults: [
          {
            image: 'ghcr.io/netbirdio/netbird:0.72.4@sha256:6c6c20baffae4a3ec50f29ec9361608a420625185505e8cd6f0c44d71c5d4798',
            at: 'pkg/version/version.go:10',
            unless: { flag: '--netbird-client-image' },
          },
          {
            image: 'ghcr.io/netbirdio/netbird-kubeapi-proxy:v0.0.4@sha256:bffa4f093abc19b4934ae37657bac76fa3b390cbd39aadac987634215eb750f5',
            at: 'pkg/version/version.go:11',
            kind: 'ClusterProxy',
          },
          {
            image: 'ghcr.io/netbirdio/kube-egress-forwarder:v0.0.2@sha256:f3b4637122cbda3c1915d49e6f96edff7e3a3accfceb87b821c829056abe8a6f',
            at: 'pkg/version/version.go:12',
            kind: 'NetworkRouter',
          },
        ],
      },
    ],
  },
  {
    // a tunnel operator: each LoadBalancer Service it binds to an ExitNode gets a chisel client
    // Deployment of the ExitNode's spec.chisel_image, else this tagless default (src/deployment.rs:216).
    // ExitNodeProvisioner's exit nodes are cloud VMs, no image of the cluster's. Alike from v0.6.0 to v0.7.1
    operator: 'Chisel Operator',
    repository: 'github.com/FyraLabs/chisel-operator',
    images: ['ghcr.io/fyralabs/chisel-operator'],
    resources: [{ group: 'chisel-operator.io', kind: 'ExitNode' }],
    releases: [
      {
        versions: '>=0.6.0 <=0.7.1',
        read: 'v0.7.1',
        defaults: [{ image: 'docker.io/jpillora/chisel:latest', at: 'src/deployment.rs:21', kind: 'ExitNode', unless: { field: 'spec.chisel_image' } }],
      },
    ],
  },
  {
    // the webhook adds the agent (init container and sidecar) to each pod annotated
    // org.infisical.com/inject, the pod's org.infisical.com/agent-image else the CLI compiled in
    // (pkg/agent/agent.go:71; on Windows nodes its -windows-amd64 tag)
    operator: 'Infisical Agent Injector',
    repository: 'github.com/Infisical/infisical-agent-injector',
    images: ['docker.io/infisical/infisical-agent-injector'],
    releases: [
      { versions: '>=0.1.7 <=0.1.9', read: 'v0.1.9', defaults: [{ image: 'docker.io/infisical/cli:0.43.32', at: 'pkg/util/constants.go:60' }] },
      { versions: '>=0.1.10 <=0.1.12', read: 'v0.1.12', defaults: [{ image: 'docker.io/infisical/cli:0.43.55', at: 'pkg/util/constants.go:61' }] },
    ],
  },
  {
    operator: 'Starboard Operator',
    repository: 'github.com/aquasecurity/starboard',
    images: ['docker.io/aquasec/starboard-operator'],
    // its settings: the ConfigMap `starboard`, a key each (pkg/starboard/config.go:61-65)
    settings: 'starboard',
    // each scanner runs only with its env var on (pkg/operator/etc/config.go:25-30 gives the
    // defaults); the plugin's image comes from the plugin's ConfigMap (pkg/plugin/*/plugin.go).
    // Alike at every release from v0.14.0 to v0.15.37, the last: gates hold whatever the version
    pluginGates: [
      { env: 'OPERATOR_VULNERABILITY_SCANNER_ENABLED', on: true, keys: '^(trivy|aqua)\\.imageRef$', at: 'pkg/operator/operator.go:133' },
      { env: 'OPERATOR_CONFIG_AUDIT_SCANNER_ENABLED', on: false, keys: '^(polaris|conftest)\\.imageRef$', at: 'pkg/operator/operator.go:177' },
      { env: 'OPERATOR_CIS_KUBERNETES_BENCHMARK_ENABLED', on: true, keys: '^kube-bench\\.imageRef$', at: 'pkg/operator/operator.go:220' },
    ],
    releases: [
      {
        versions: '>=0.15.0 <=0.15.37',
        read: 'v0.15.37',
        // the Aqua plugin's scan job copies its client from an init container of Starboard's own
        // build, named from the operator's version (buildInfo.Version, its image's tag); no setting moves it
        defaults: [
          {
            image: 'docker.io/aquasec/starboard-scanner-aqua:{operatorTag}',
            at: 'pkg/plugin/aqua/plugin.go:247',
            when: 'setting:vulnerabilityReports.scanner=Aqua',
          },
        ],
      },
    ],
  },
  {
    // a Python (kopf) operator: a TwingateConnector naming neither spec.image nor spec.imagePolicy
    // gets ConnectorImage(), twingate/connector:1 (app/crds.py ConnectorSpec's validator), as its
    // CRD defaults it; the same default at every release tag from v0.20.0 to v2.0.0
    operator: 'Twingate Kubernetes operator',
    repository: 'github.com/Twingate/kubernetes-operator',
    images: ['docker.io/twingate/kubernetes-operator'],
    resources: [{ group: 'twingate.com', kind: 'TwingateConnector' }],
    releases: [
      {
        versions: '>=0.20.0 <=2.0.0',
        read: 'v2.0.0',
        defaults: [{ image: 'docker.io/twingate/connector:1', at: 'app/crds.py:599', unless: { field: 'spec.image.repository', takes: 'repository' } }],
      },
    ],
  },
  {
    // a LoadBalancer Service exported by NodeProxy gets a proxy Deployment and a forward DaemonSet,
    // their images from the openelb-images ConfigMap's proxy-image and forward-image keys, else
    // compiled in (pkg/controllers/lb/nodeproxy.go:161-186); the chart renders that ConfigMap with
    // neither key unless customImage names them. The same constants from v0.5.1 to v0.6.0 (and at
    // the newest commit read, f35d3f16)
    operator: 'OpenELB',
    repository: 'github.com/openelb/openelb',
    images: ['docker.io/kubesphere/openelb-controller'],
    resources: [{ group: 'network.kubesphere.io', kind: 'Eip' }],
    // the images ConfigMap the controller reads first (pkg/controllers/lb/nodeproxy.go:161-186): a key set names the image instead
    settings: 'openelb-images',
    releases: [
      {
        versions: '>=0.5.1 <=0.6.0',
        read: 'v0.6.0',
        defaults: [
          { image: 'docker.io/kubesphere/openelb-proxy:master', at: 'pkg/constant/constant.go:60', unless: { setting: 'proxy-image' } },
          { image: 'docker.io/kubesphere/openelb-forward:master', at: 'pkg/constant/constant.go:59', unless: { setting: 'forward-image' } },
        ],
      },
    ],
  },
  {
    // each MondooAuditConfig (the chart renders only a MondooOperatorConfig) runs its resource,
    // node and container-image scans from the cnspec image unless spec.scanner.image names one
    // (name the repository, tag or digest beside it); the tag is the release's major, compiled in
    // (pkg/utils/mondoo/container_image_resolver.go), which the operator resolves to a digest at
    // run time unless skipContainerResolution. The MondooOperatorConfig's imageRegistry or
    // registryMirrors put another registry in place of ghcr.io (no route here writes them yet)
    operator: 'Mondoo Operator',
    repository: 'github.com/mondoohq/mondoo-operator',
    images: ['ghcr.io/mondoohq/mondoo-operator'],
    resources: [{ group: 'k8s.mondoo.com', kind: 'MondooAuditConfig' }],
    releases: readings(
      [{ image: 'ghcr.io/mondoohq/mondoo-operator/cnspec:{tag}', unless: { field: 'spec.scanner.image.name', takes: 'repository' } }],
      [
        { versions: '>=11.0.0 <=11.4.2', read: 'v11.4.2', tags: '11-rootless', at: 'pkg/utils/mondoo/container_image_resolver.go:22' },
        { versions: '>=12.0.0 <=13.0.0', read: 'v13.0.0', tags: '12-rootless', at: 'pkg/utils/mondoo/container_image_resolver.go:23' },
        { versions: '>=13.0.1 <=13.3.0', read: 'v13.3.0', tags: '13-rootless', at: 'pkg/utils/mondoo/container_image_resolver.go:23' },
      ],
    ),
  },
];
