// THE OPERATOR DEFAULTS TABLE: images an operator pulls by defaults compiled into it, which a
// chart's render names in no form (no env var, flag, ConfigMap or resource field spells them), as
// data. Each entry says how to recognise the operator in a render (its controller's image
// repository in a pod spec, whose tag is its version, and the custom resources it reconciles),
// the operator releases whose source was read, and per release each default: the image, where the
// operator's source builds it, and the setting that overrides it (when that setting is in the
// render, the site table already finds the override and the default is not pulled).
// builtin-images.ts applies it. A release is listed only as far as its source was read: an
// operator of another version gets a warning, never a guess. The readings are the ones recorded
// in scripts/corpus/truth/*.runtime.txt.

/** What overrides a default; absent: nothing does short of a resource of one's own. */
export interface DefaultOverride {
  /** An env var of the operator's container. */
  env?: string;
  /** A flag of the operator's container (`--name`, `-name`; `--name=V` or `--name V`). */
  flag?: string;
  /** A field of the resource (dotted path) that, set, names the image instead. */
  field?: string;
  /**
   * What the env var or flag holds: the whole reference (default), the repository alone (the
   * tag is another setting's), the prefix before the image's last path component, or a whole
   * reference the operator honours only when pinned by digest.
   */
  takes?: 'repository' | 'prefix' | 'digest';
}

export interface BuiltinDefault {
  /**
   * The reference as the operator composes it: `{operatorTag}` is the tag of the operator's own
   * image; `{cr:PATH}` a field of the resource (`per` names its kind), the default applying once
   * per such resource in the render that sets the field.
   */
  image: string;
  /** FILE:LINE in the operator's repository where the name is built or compiled in. */
  at: string;
  unless?: DefaultOverride;
  /** A resource kind (one of the entry's `resources`) whose each instance pulls this image. */
  per?: string;
  /** A boolean field of the `per` resource: only a resource that sets it true makes the operator pull the image. */
  when?: string;
}

export interface OperatorRelease {
  /** The operator versions (a semver constraint, Masterminds' grammar) these defaults hold for. */
  versions: string;
  /** The source read: a tag or commit of `repository`. */
  read: string;
  defaults: readonly BuiltinDefault[];
}

/**
 * A resource field whose image the operator pulls with a tag it completes from the node it runs
 * on (`-` + the node's OS ID and version, `595.91.07-ubuntu24.04`): the render's tag is no tag
 * the registry has. The site table finds the field; `images --node-os OS` lists the variants.
 */
export interface NodeOsTag {
  kind: string;
  /** The field path of the site discovery finds there (as --explain prints it). */
  field: string;
  at: string;
  /** A field of the resource that, true, makes the operator build another tag (not this rule's). */
  unless?: string;
}

export interface OperatorEntry {
  operator: string;
  /** The operator's source repository (github.com/OWNER/NAME). */
  repository: string;
  /** Repositories of the operator's controller image (normalised, no tag): a pod spec running one is the operator. */
  images: readonly string[];
  /** Custom resources it reconciles (apiVersion group and kind). */
  resources?: readonly { group: string; kind: string }[];
  releases: readonly OperatorRelease[];
  /**
   * Defaults the operator composes from a resource alone (a `{cr:...}` field and a repository
   * fixed in every release listed): applied to a resource even when the operator is not in the
   * render and its version is unknown.
   */
  fromResource?: readonly BuiltinDefault[];
  nodeOsTags?: readonly NodeOsTag[];
}

export const OPERATOR_DEFAULTS: readonly OperatorEntry[] = [
  {
    operator: 'CloudNativePG',
    repository: 'github.com/cloudnative-pg/cloudnative-pg',
    images: ['ghcr.io/cloudnative-pg/cloudnative-pg'],
    resources: [
      { group: 'postgresql.cnpg.io', kind: 'Cluster' },
      { group: 'postgresql.cnpg.io', kind: 'Pooler' },
    ],
    releases: [
      {
        versions: '1.30.0',
        read: 'v1.30.0',
        defaults: [
          { image: 'ghcr.io/cloudnative-pg/postgresql:18.4-system-trixie', at: 'pkg/versions/versions.go:29', unless: { env: 'POSTGRES_IMAGE_NAME' } },
          { image: 'ghcr.io/cloudnative-pg/pgbouncer:1.25.1', at: 'pkg/versions/versions.go:35', unless: { env: 'PGBOUNCER_IMAGE_NAME' } },
        ],
      },
    ],
  },
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
          { image: 'registry.datadoghq.com/agent:7.81.1', at: 'pkg/images/images.go:19', unless: { field: 'spec.global.registry' } },
          { image: 'registry.datadoghq.com/cluster-agent:7.81.1', at: 'pkg/images/images.go:21', unless: { field: 'spec.global.registry' } },
        ],
      },
    ],
  },
  {
    operator: 'Dragonfly Operator',
    repository: 'github.com/dragonflydb/dragonfly-operator',
    images: ['docker.dragonflydb.io/dragonflydb/operator'],
    resources: [{ group: 'dragonflydb.io', kind: 'Dragonfly' }],
    releases: [
      {
        versions: '1.6.1',
        read: 'v1.6.1',
        defaults: [
          { image: 'docker.dragonflydb.io/dragonflydb/dragonfly:v1.39.0', at: 'internal/resources/resources.go:158', unless: { flag: '--dragonfly-image' } },
        ],
      },
    ],
  },
  {
    operator: 'Elastic Cloud on Kubernetes',
    repository: 'github.com/elastic/cloud-on-k8s',
    images: ['docker.elastic.co/eck/eck-operator'],
    resources: [
      { group: 'elasticsearch.k8s.elastic.co', kind: 'Elasticsearch' },
      { group: 'kibana.k8s.elastic.co', kind: 'Kibana' },
    ],
    releases: [{ versions: '>=3.6.0-0 <3.7.0-0', read: '7b93383d8ec1569ba99bdf9e59ad70a813fe99f8', defaults: [] }],
    // REGISTRY/NAME:VERSION (pkg/controller/common/container/container.go:119), the registry the
    // operator's --container-registry (default docker.elastic.co)
    fromResource: [
      {
        image: 'docker.elastic.co/elasticsearch/elasticsearch:{cr:spec.version}',
        at: 'pkg/controller/common/container/container.go:57',
        per: 'Elasticsearch',
        unless: { field: 'spec.image' },
      },
      {
        image: 'docker.elastic.co/kibana/kibana:{cr:spec.version}',
        at: 'pkg/controller/common/container/container.go:58',
        per: 'Kibana',
        unless: { field: 'spec.image' },
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
    operator: 'MOCO',
    repository: 'github.com/cybozu-go/moco',
    images: ['ghcr.io/cybozu-go/moco'],
    releases: [
      {
        versions: '0.36.0',
        read: 'v0.36.0',
        defaults: [{ image: 'ghcr.io/cybozu-go/moco-backup:{operatorTag}', at: 'cmd/moco-controller/cmd/root.go:22', unless: { flag: '--backup-image' } }],
      },
    ],
  },
  {
    operator: 'MySQL Operator',
    repository: 'github.com/mysql/mysql-operator',
    images: ['container-registry.oracle.com/mysql/community-operator'],
    resources: [{ group: 'mysql.oracle.com', kind: 'InnoDBCluster' }],
    releases: [
      {
        versions: '9.1.0-2.2.2',
        read: '9.1.0-2.2.2',
        defaults: [
          {
            image: 'container-registry.oracle.com/mysql/community-operator:{operatorTag}',
            at: 'mysqloperator/controller/innodbcluster/cluster_api.py:1349',
            unless: { env: 'MYSQL_OPERATOR_DEFAULT_REPOSITORY', takes: 'prefix' },
          },
        ],
      },
    ],
    // format_image: the built-in repository (config.py:47) + community-server/-router + the
    // resource's spec.version
    fromResource: [
      {
        image: 'container-registry.oracle.com/mysql/community-server:{cr:spec.version}',
        at: 'mysqloperator/controller/innodbcluster/cluster_api.py:1339',
        per: 'InnoDBCluster',
        unless: { env: 'MYSQL_OPERATOR_DEFAULT_REPOSITORY', takes: 'prefix' },
      },
      {
        image: 'container-registry.oracle.com/mysql/community-router:{cr:spec.version}',
        at: 'mysqloperator/controller/innodbcluster/cluster_api.py:1617',
        per: 'InnoDBCluster',
        unless: { env: 'MYSQL_OPERATOR_DEFAULT_REPOSITORY', takes: 'prefix' },
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
    operator: 'MinIO Operator',
    repository: 'github.com/minio/operator',
    images: ['quay.io/minio/operator', 'docker.io/minio/operator'],
    resources: [{ group: 'minio.min.io', kind: 'Tenant' }],
    releases: [
      {
        versions: '7.1.1',
        read: '0ee2c254677e2173e630b07bf93b90517d8d09b9',
        defaults: [
          { image: 'quay.io/minio/operator-sidecar:v7.0.1', at: 'pkg/resources/statefulsets/minio-sidecar.go:26', unless: { env: 'OPERATOR_SIDECAR_IMAGE' } },
        ],
      },
    ],
  },
  {
    operator: 'Redis Operator (spotahome)',
    repository: 'github.com/spotahome/redis-operator',
    images: ['quay.io/spotahome/redis-operator'],
    resources: [{ group: 'databases.spotahome.com', kind: 'RedisFailover' }],
    releases: [
      {
        versions: '1.3.0',
        read: '469fbcb8496ea1ae3ca0f39f8600b967c6f8712e',
        defaults: [{ image: 'docker.io/library/redis:6.2.6-alpine', at: 'api/redisfailover/v1/validate.go:33' }],
      },
    ],
  },
  {
    operator: 'Altinity ClickHouse Operator',
    repository: 'github.com/Altinity/clickhouse-operator',
    images: ['docker.io/altinity/clickhouse-operator'],
    resources: [
      { group: 'clickhouse.altinity.com', kind: 'ClickHouseInstallation' },
      { group: 'clickhouse-keeper.altinity.com', kind: 'ClickHouseKeeperInstallation' },
    ],
    releases: [
      {
        versions: '0.25.6',
        read: '50e8d0490678185f290336acbdfbf9534d60367d',
        defaults: [
          { image: 'docker.io/clickhouse/clickhouse-server:latest', at: 'pkg/model/chi/config/const.go:71' },
          { image: 'docker.io/clickhouse/clickhouse-keeper:latest', at: 'pkg/model/chk/config/const.go:68' },
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
    operator: 'Solr Operator',
    repository: 'github.com/apache/solr-operator',
    images: ['docker.io/apache/solr-operator'],
    resources: [{ group: 'solr.apache.org', kind: 'SolrCloud' }],
    releases: [
      {
        versions: '0.10.0-prerelease',
        read: 'ed5c5c7d28a4c1189d19f581259e05385c0d4b20',
        defaults: [
          // ToImageName (api/v1beta1/common_types.go:277): the resource's repository, tagged
          // with DefaultSolrVersion (api/v1beta1/solrcloud_types.go:40) when it names no tag
          {
            image: '{cr:spec.solrImage.repository}:9.10.0',
            at: 'controllers/util/solr_util.go:475',
            per: 'SolrCloud',
            unless: { field: 'spec.solrImage.tag' },
          },
          {
            image: 'docker.io/library/busybox:1.28.0-glibc',
            at: 'controllers/util/solr_util.go:796',
            per: 'SolrCloud',
            unless: { field: 'spec.busyBoxImage' },
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
        // (pkg/names/names.go:32-39); spec.imageOverrides, keyed by component, names another
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
            unless: { field: 'spec.imageOverrides.submariner-route-agent' },
          },
          {
            image: '{cr:spec.repository}/nettest:{cr:spec.version}',
            at: 'controllers/submariner/metrics_proxy_resources.go:87',
            per: 'Submariner',
            unless: { field: 'spec.imageOverrides.nettest' },
          },
          // through the ServiceDiscovery resource the operator creates (servicediscovery_resources.go:44)
          {
            image: '{cr:spec.repository}/lighthouse-agent:{cr:spec.version}',
            at: 'controllers/servicediscovery/servicediscovery_controller.go:236',
            per: 'Submariner',
            when: 'spec.serviceDiscoveryEnabled',
            unless: { field: 'spec.imageOverrides.lighthouse-agent' },
          },
          {
            image: '{cr:spec.repository}/lighthouse-coredns:{cr:spec.version}',
            at: 'controllers/servicediscovery/servicediscovery_controller.go:333',
            per: 'Submariner',
            when: 'spec.serviceDiscoveryEnabled',
            unless: { field: 'spec.imageOverrides.lighthouse-coredns' },
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
            unless: { field: 'spec.image' },
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
  {
    operator: 'OpenSearch Operator',
    repository: 'github.com/opensearch-project/opensearch-k8s-operator',
    images: ['docker.io/opensearchproject/opensearch-operator'],
    resources: [
      { group: 'opensearch.opster.io', kind: 'OpenSearchCluster' },
      { group: 'opensearch.org', kind: 'OpenSearchCluster' },
    ],
    releases: [
      {
        versions: '3.0.0-alpha',
        read: 'v3.0.0-alpha',
        defaults: [
          {
            image: 'docker.io/library/busybox:latest',
            at: 'opensearch-operator/pkg/helpers/reconcile-helpers.go:16',
            unless: { field: 'spec.initHelper.image' },
          },
        ],
      },
    ],
  },
  {
    operator: 'ArangoDB Kubernetes Operator',
    repository: 'github.com/arangodb/kube-arangodb',
    images: ['docker.io/arangodb/kube-arangodb'],
    resources: [{ group: 'database.arangodb.com', kind: 'ArangoDeployment' }],
    releases: [
      {
        versions: '1.4.4',
        read: '1.4.4',
        defaults: [{ image: 'docker.io/arangodb/arangodb:latest', at: 'pkg/apis/deployment/v1/deployment_spec.go:434', unless: { field: 'spec.image' } }],
      },
    ],
  },
  {
    operator: 'Milvus Operator',
    repository: 'github.com/zilliztech/milvus-operator',
    images: ['docker.io/milvusdb/milvus-operator'],
    resources: [{ group: 'milvus.io', kind: 'Milvus' }],
    releases: [
      {
        versions: '1.3.8',
        read: 'v1.3.8',
        defaults: [
          { image: 'docker.io/milvusdb/milvus:v2.6.11', at: 'apis/milvus.io/v1beta1/milvus_webhook.go:390', unless: { field: 'spec.components.image' } },
        ],
      },
    ],
  },
  {
    operator: 'Koperator',
    repository: 'github.com/adobe/koperator',
    images: ['ghcr.io/adobe/koperator'],
    resources: [{ group: 'kafka.banzaicloud.io', kind: 'KafkaCluster' }],
    releases: [
      {
        versions: '0.28.0-adobe-20260731',
        read: '0.28.0-adobe-20260731',
        // envoyproxy/envoy:v1.38.3 (:1203) only with external listeners through envoy: not listed
        defaults: [
          { image: 'ghcr.io/adobe/koperator/kafka:2.13-3.9.1', at: 'api/v1beta1/kafkacluster_types.go:869', unless: { field: 'spec.clusterImage' } },
          {
            image: 'ghcr.io/adobe/koperator/jmx-javaagent:1.5.0',
            at: 'api/v1beta1/kafkacluster_types.go:1243',
            unless: { field: 'spec.monitoringConfig.jmxImage' },
          },
          {
            image: 'docker.io/adobe/cruise-control:3.0.3-adbe-20250804',
            at: 'api/v1beta1/kafkacluster_types.go:1227',
            unless: { field: 'spec.cruiseControlConfig.image' },
          },
        ],
      },
    ],
  },
  {
    operator: 'Zookeeper Operator',
    repository: 'github.com/pravega/zookeeper-operator',
    images: ['docker.io/pravega/zookeeper-operator'],
    resources: [{ group: 'zookeeper.pravega.io', kind: 'ZookeeperCluster' }],
    releases: [
      {
        versions: '0.2.15',
        read: 'v0.2.15',
        defaults: [
          { image: 'docker.io/pravega/zookeeper:0.2.14', at: 'api/v1beta1/zookeepercluster_types.go:419', unless: { field: 'spec.image.repository' } },
        ],
      },
    ],
  },
  {
    operator: 'Percona Operator for MySQL based on Percona XtraDB Cluster',
    repository: 'github.com/percona/percona-xtradb-cluster-operator',
    images: ['docker.io/percona/percona-xtradb-cluster-operator'],
    resources: [{ group: 'pxc.percona.com', kind: 'PerconaXtraDBCluster' }],
    releases: [
      {
        // main at this commit carries the 1.20.0 version gates (no v1.20.0 tag in the source read)
        versions: '1.20.0',
        read: 'b3b0b10a7c2af9e7f8c61a1810fb51a10a12c631',
        // the operator's own image (read from its pod) as the init container of every pod
        // (pkg/pxc/app/statefulset/init.go:28); the deprecated spec.initImage overrides it too
        defaults: [
          {
            image: 'docker.io/percona/percona-xtradb-cluster-operator:{operatorTag}',
            at: 'pkg/k8s/utils.go:71',
            per: 'PerconaXtraDBCluster',
            unless: { field: 'spec.initContainer.image' },
          },
        ],
      },
    ],
  },
];
