// Operator defaults (operator-defaults.ts) of the platform operators: observability, GPUs,
// security, networking, backup, compute and applications. Each entry as read from the operator's source.
import type { OperatorEntry } from './operator-defaults-model.js';

export const PLATFORM_OPERATORS: readonly OperatorEntry[] = [
  {
    operator: 'Datadog Operator',
    repository: 'github.com/DataDog/datadog-operator',
    images: ['registry.datadoghq.com/operator', 'gcr.io/datadoghq/operator', 'docker.io/datadog/operator', 'public.ecr.aws/datadog/operator'],
    resources: [{ group: 'datadoghq.com', kind: 'DatadogAgent' }],
    releases: [
      {
        versions: '1.30.0-rc.1',
        read: 'v1.30.0-rc.1',
        defaults: [
          { image: 'registry.datadoghq.com/agent:7.81.1', at: 'pkg/images/images.go:19', unless: { field: 'spec.global.registry', takes: 'prefix' } },
          { image: 'registry.datadoghq.com/cluster-agent:7.81.1', at: 'pkg/images/images.go:21', unless: { field: 'spec.global.registry', takes: 'prefix' } },
        ],
      },
    ],
  },
  {
    operator: 'Grafana Operator',
    repository: 'github.com/grafana/grafana-operator',
    images: ['ghcr.io/grafana/grafana-operator'],
    resources: [{ group: 'grafana.integreatly.org', kind: 'Grafana' }],
    releases: [
      {
        versions: '5.24.0',
        read: 'v5.24.0',
        defaults: [
          {
            image: 'docker.io/grafana/grafana:13.0.1',
            at: 'controllers/reconcilers/grafana/deployment_reconciler.go:184',
            unless: { env: 'RELATED_IMAGE_GRAFANA', takes: 'digest' },
          },
        ],
      },
    ],
  },
  {
    operator: 'Kanister',
    repository: 'github.com/kanisterio/kanister',
    images: ['ghcr.io/kanisterio/controller'],
    releases: [
      {
        versions: '0.119.0',
        read: '0.119.0',
        defaults: [{ image: 'ghcr.io/kanisterio/kanister-tools:{operatorTag}', at: 'pkg/consts/utils.go:26', unless: { env: 'KANISTER_TOOLS' } }],
      },
    ],
  },
  {
    operator: 'OpenTelemetry Operator',
    repository: 'github.com/open-telemetry/opentelemetry-operator',
    images: ['ghcr.io/open-telemetry/opentelemetry-operator/opentelemetry-operator'],
    resources: [
      { group: 'opentelemetry.io', kind: 'OpenTelemetryCollector' },
      { group: 'opentelemetry.io', kind: 'Instrumentation' },
      { group: 'opentelemetry.io', kind: 'OpAMPBridge' },
      { group: 'opentelemetry.io', kind: 'TargetAllocator' },
    ],
    releases: [
      {
        versions: '0.158.0',
        read: 'v0.158.0',
        defaults: [
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/target-allocator:{operatorTag}',
            at: 'internal/config/config.go:196',
            unless: { flag: '--target-allocator-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/operator-opamp-bridge:{operatorTag}',
            at: 'internal/config/config.go:197',
            unless: { flag: '--operator-opamp-bridge-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-java:2.30.0',
            at: 'internal/config/config.go:206',
            unless: { flag: '--auto-instrumentation-java-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-nodejs:0.78.0',
            at: 'internal/config/config.go:207',
            unless: { flag: '--auto-instrumentation-nodejs-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-python:0.64b0',
            at: 'internal/config/config.go:208',
            unless: { flag: '--auto-instrumentation-python-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-dotnet:1.16.0',
            at: 'internal/config/config.go:209',
            unless: { flag: '--auto-instrumentation-dotnet-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-go-instrumentation/autoinstrumentation-go:v0.24.0',
            at: 'internal/config/config.go:210',
            unless: { flag: '--auto-instrumentation-go-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-apache-httpd:1.0.4',
            at: 'internal/config/config.go:211',
            unless: { flag: '--auto-instrumentation-apache-httpd-image' },
          },
        ],
      },
    ],
  },
  {
    operator: 'VictoriaMetrics Operator',
    repository: 'github.com/VictoriaMetrics/operator',
    images: ['docker.io/victoriametrics/operator'],
    resources: [
      'VMAgent',
      'VMAuth',
      'VMCluster',
      'VMSingle',
      'VMAlert',
      'VMAlertmanager',
      'VLSingle',
      'VLCluster',
      'VLAgent',
      'VTSingle',
      'VTCluster',
      'VMAnomaly',
    ].map((kind) => ({
      group: 'operator.victoriametrics.com',
      kind,
    })),
    releases: [
      {
        versions: '0.74.1',
        read: 'v0.74.1',
        defaults: [
          {
            image: 'docker.io/victoriametrics/operator:config-reloader-{operatorTag}',
            at: 'internal/config/config.go:159',
            unless: { env: 'VM_CONFIG_RELOADER_IMAGE' },
          },
          {
            image: 'docker.io/victoriametrics/vmagent:v1.148.0',
            at: 'internal/config/config.go:314',
            unless: { env: 'VM_VMAGENTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/victoria-metrics:v1.148.0',
            at: 'internal/config/config.go:364',
            unless: { env: 'VM_VMSINGLEDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmalert:v1.148.0',
            at: 'internal/config/config.go:283',
            unless: { env: 'VM_VMALERTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmauth:v1.148.0',
            at: 'internal/config/config.go:525',
            unless: { env: 'VM_VMAUTHDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmselect:v1.148.0-cluster',
            at: 'internal/config/config.go:393',
            unless: { env: 'VM_VMCLUSTERDEFAULT_VMSELECTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmstorage:v1.148.0-cluster',
            at: 'internal/config/config.go:422',
            unless: { env: 'VM_VMCLUSTERDEFAULT_VMSTORAGEDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vminsert:v1.148.0-cluster',
            at: 'internal/config/config.go:447',
            unless: { env: 'VM_VMCLUSTERDEFAULT_VMINSERTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/prom/alertmanager:v0.31.0',
            at: 'internal/config/config.go:473',
            unless: { env: 'VM_VMALERTMANAGER_ALERTMANAGERDEFAULTBASEIMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/victoria-logs:v1.52.0',
            at: 'internal/config/config.go:233',
            unless: { env: 'VM_VLSINGLEDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vlagent:v1.52.0',
            at: 'internal/config/config.go:208',
            unless: { env: 'VM_VLAGENTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/victoria-traces:v0.10.0',
            at: 'internal/config/config.go:258',
            unless: { env: 'VM_VTSINGLEDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmanomaly:v1.30.0',
            at: 'internal/config/config.go:339',
            unless: { env: 'VM_VMANOMALYDEFAULT_IMAGE', takes: 'repository' },
          },
          // a resource that gives only spec.image.tag: the operator fills the repository from its
          // defaults (addDefaultsToCommonParams, internal/controller/operator/factory/build/defaults.go:568-577)
          {
            image: 'docker.io/victoriametrics/vmagent:{cr:spec.image.tag}',
            at: 'internal/config/config.go:314',
            per: 'VMAgent',
            unless: { env: 'VM_VMAGENTDEFAULT_IMAGE', takes: 'repository', field: 'spec.image.repository' },
          },
          {
            image: 'docker.io/victoriametrics/victoria-metrics:{cr:spec.image.tag}',
            at: 'internal/config/config.go:364',
            per: 'VMSingle',
            unless: { env: 'VM_VMSINGLEDEFAULT_IMAGE', takes: 'repository', field: 'spec.image.repository' },
          },
        ],
      },
    ],
  },
  {
    operator: 'NVIDIA GPU Operator',
    repository: 'github.com/NVIDIA/gpu-operator',
    images: ['nvcr.io/nvidia/gpu-operator'],
    resources: [{ group: 'nvidia.com', kind: 'ClusterPolicy' }],
    releases: [],
    // the driver's tag gets `-` + the GPU node's OS (NFD's ID and VERSION_ID labels,
    // controllers/state_manager.go:595-608) appended; precompiled drivers take the kernel too
    nodeOsTags: [{ kind: 'ClusterPolicy', field: 'spec.driver', at: 'controllers/object_controls.go:3426', unless: 'spec.driver.usePrecompiled' }],
  },
  {
    operator: 'KubeArmor Operator',
    repository: 'github.com/kubearmor/KubeArmor',
    images: ['docker.io/kubearmor/kubearmor-operator'],
    releases: [
      {
        versions: '1.7.4',
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
    operator: 'Submariner Operator',
    repository: 'github.com/submariner-io/submariner-operator',
    images: ['quay.io/submariner/submariner-operator'],
    resources: [{ group: 'submariner.io', kind: 'Submariner' }],
    releases: [
      {
        versions: '0.18.1',
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
    operator: 'Mattermost Operator',
    repository: 'github.com/mattermost/mattermost-operator',
    images: ['docker.io/mattermost/mattermost-operator'],
    resources: [{ group: 'installation.mattermost.com', kind: 'Mattermost' }],
    releases: [
      {
        versions: '1.25.4',
        read: 'v1.25.4',
        // a Mattermost left to defaults (SetDefaults, apis/mattermost/v1beta1/mattermost_utils.go:64-67)
        // with the operator-managed MySQL and MinIO; postgres:13 (pkg/mattermost/database_external.go:124)
        // only with an external PostgreSQL, not listed
        defaults: [
          {
            image: 'docker.io/mattermost/mattermost-enterprise-edition:10.8.1',
            at: 'apis/mattermost/v1beta1/mattermost_utils.go:219',
            // GetImageName joins spec.image and spec.version (mattermost_utils.go:238-247)
            unless: { field: 'spec.image', takes: 'repository' },
          },
          { image: 'docker.io/appropriate/curl:latest', at: 'pkg/mattermost/database_mysql.go:89' },
          { image: 'docker.io/minio/mc:RELEASE.2025-04-16T18-13-26Z', at: 'pkg/mattermost/file_store.go:122' },
        ],
      },
    ],
  },
  {
    operator: 'Spark Kubernetes Operator',
    repository: 'github.com/apache/spark-kubernetes-operator',
    images: ['docker.io/apache/spark-kubernetes-operator'],
    resources: [{ group: 'spark.apache.org', kind: 'SparkCluster' }],
    releases: [
      {
        // the development build of this commit (the chart's appVersion)
        versions: '1.1.0-SNAPSHOT',
        read: 'd5acafd24a0cd9cf225026bbdbcb0775d73ffe8f',
        // a SparkCluster without spark.kubernetes.container.image in spec.sparkConf
        defaults: [
          {
            image: 'docker.io/apache/spark:4.2.0',
            at: 'spark-submission-worker/src/main/java/org/apache/spark/k8s/operator/SparkClusterResourceSpec.java:72',
          },
        ],
      },
    ],
  },
];
