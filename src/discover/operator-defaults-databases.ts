// Operator defaults (operator-defaults.ts) of the operators that run the other data stores: etcd
// (Ænix, etcd-druid), time-series and analytical databases (GreptimeDB, YDB, ClickHouse: Altinity's
// and ClickHouse Inc.'s, StarRocks), ArangoDB, Milvus, Aerospike, FoundationDB, MongoDB Community and DocumentDB. SQL databases are
// in operator-defaults-sql.ts. Each entry as read from the operator's source.
import { readings, type OperatorEntry } from './operator-defaults-model.js';

export const DATABASE_OPERATORS: readonly OperatorEntry[] = [
  {
    // each DocumentDB becomes a CloudNativePG Cluster (its postgres image CNPG's default where
    // spec.image.postgres is unset: CloudNativePG's entry) carrying the DocumentDB extension as an
    // ImageVolume and the gateway as a sidecar its CNPG-I plugin injects; both join a repository
    // compiled in (operator/src/internal/utils/constants.go:32-33) to DOCUMENTDB_VERSION (the chart's
    // documentDbVersion), which names no image: the render holds only the version
    operator: 'DocumentDB Kubernetes Operator',
    repository: 'github.com/documentdb/documentdb-kubernetes-operator',
    images: ['ghcr.io/documentdb/documentdb-kubernetes-operator/operator'],
    resources: [{ group: 'documentdb.io', kind: 'DocumentDB' }],
    releases: [
      {
        versions: '0.3.0',
        read: '0.3.0',
        defaults: (
          [
            ['documentdb', 'documentDB', 465],
            ['gateway', 'gateway', 438],
          ] as const
        ).map(([name, field, line]) => ({
          image: `ghcr.io/documentdb/documentdb-kubernetes-operator/${name}:{env:DOCUMENTDB_VERSION|0.110.0}`,
          at: `operator/src/internal/utils/util.go:${line}`,
          unless: { field: `spec.image.${field}` },
        })),
      },
    ],
  },
  {
    operator: 'FoundationDB Operator',
    repository: 'github.com/FoundationDB/fdb-kubernetes-operator',
    images: ['docker.io/foundationdb/fdb-kubernetes-operator'],
    resources: [{ group: 'apps.foundationdb.org', kind: 'FoundationDBCluster' }],
    // v2.0.0 to v2.33.0 read alike at every tag: the unified image by default
    // (UseUnifiedImage, api/v1beta2/foundationdbcluster_types.go:2994), its base compiled in and
    // its tag the cluster's required spec.version; no flag or env of the operator redirects it
    releases: [{ versions: '>=2.0.0 <=2.33.0', read: 'v2.33.0', defaults: [] }],
    fromResource: [
      {
        image: 'docker.io/foundationdb/fdb-kubernetes-monitor:{cr:spec.version}',
        at: 'internal/pod_models.go:1166',
        per: 'FoundationDBCluster',
        unless: { field: 'spec.mainContainer.imageConfigs' },
      },
    ],
    uncovered: {
      images:
        'docker.io/foundationdb/fdb-kubernetes-monitor:VERSION for each FoundationDBCluster (and FoundationDBBackup) a user applies, VERSION its spec.version (with spec.imageType split: docker.io/foundationdb/foundationdb:VERSION and docker.io/foundationdb/foundationdb-kubernetes-sidecar:VERSION-1); no setting of the operator redirects them, so values cannot: give each resource spec.mainContainer.imageConfigs (and spec.sidecarContainer.imageConfigs) with a baseImage on the target',
      at: 'internal/pod_models.go:1166',
      forLater: true,
    },
  },
  {
    operator: 'MongoDB Community Operator',
    repository: 'github.com/mongodb/mongodb-kubernetes-operator',
    images: ['quay.io/mongodb/mongodb-kubernetes-operator'],
    resources: [{ group: 'mongodbcommunity.mongodb.com', kind: 'MongoDBCommunity' }],
    // the database of each MongoDBCommunity: no default compiled in, but joined from the env vars
    // the operator requires (cmd/manager/main.go:63) and the resource's spec.version, the image type
    // (DefaultImageType ubi8 when unset, main.go:115) appended at the official repositories only
    // (OfficialMongodbRepoUrls, controllers/construct/mongodbstatefulset.go:26); a mongod container
    // the resource's statefulSet override names keeps its own image (pkg/util/merge/merge.go:99)
    releases: [
      {
        versions: '0.13.0',
        read: 'v0.13.0',
        defaults: [
          {
            image: '{env:MONGODB_REPO_URL}/{env:MONGODB_IMAGE}:{cr:spec.version}-{env:MDB_IMAGE_TYPE|ubi8}',
            at: 'controllers/replica_set_controller.go:793',
            per: 'MongoDBCommunity',
            partWhile: { part: '-{env:MDB_IMAGE_TYPE|ubi8}', env: 'MONGODB_REPO_URL', values: ['docker.io/mongodb', 'quay.io/mongodb'] },
            unless: { field: 'spec.statefulSet.spec.template.spec.containers[name=mongod].image' },
          },
        ],
      },
    ],
    uncovered: {
      images:
        "the database of each MongoDBCommunity a user applies: MONGODB_REPO_URL/MONGODB_IMAGE:VERSION-MDB_IMAGE_TYPE of the operator's env (docker.io/mongodb/mongodb-community-server:VERSION-ubi8 as its chart sets them), VERSION the resource's spec.version, without -MDB_IMAGE_TYPE at a repository other than docker.io/mongodb or quay.io/mongodb",
      at: 'controllers/replica_set_controller.go:793',
      forLater: true,
    },
  },
  {
    operator: 'etcd-operator (Ænix)',
    repository: 'github.com/aenix-io/etcd-operator',
    images: ['ghcr.io/aenix-io/etcd-operator'],
    resources: [{ group: 'etcd.aenix.io', kind: 'EtcdCluster' }],
    releases: [
      {
        versions: '>=0.4.0 <=0.4.2',
        read: 'v0.4.2',
        // the etcd of an EtcdCluster whose podTemplate names none (factory/statefulset.go:380)
        defaults: [{ image: 'quay.io/coreos/etcd:v3.5.12', at: 'api/v1alpha1/etcdcluster_types.go:25' }],
      },
    ],
  },
  {
    operator: 'etcd-druid',
    repository: 'github.com/gardener/etcd-druid',
    images: ['europe-docker.pkg.dev/gardener-project/public/gardener/etcd-druid'],
    resources: [{ group: 'druid.gardener.cloud', kind: 'Etcd' }],
    releases: [
      {
        // the image vector compiled in (internal/images/images.yaml, embedded), as every Etcd's
        // StatefulSet takes it when the Etcd names no image of its own (internal/utils/image.go:43)
        versions: '>=0.36.2 <=0.37.1',
        read: 'v0.37.1',
        defaults: [
          {
            image: 'europe-docker.pkg.dev/gardener-project/public/gardener/etcd-wrapper:v0.6.2',
            at: 'internal/images/images.yaml:7',
            unless: { field: 'spec.etcd.image' },
          },
          {
            image: 'europe-docker.pkg.dev/gardener-project/public/gardener/etcdbrctl:v0.41.2',
            at: 'internal/images/images.yaml:19',
            unless: { field: 'spec.backup.image' },
          },
          { image: 'europe-docker.pkg.dev/gardener-project/public/3rd/alpine:3.21.3', at: 'internal/images/images.yaml:28' },
        ],
      },
    ],
    // the UpgradeEtcdVersion feature gate takes the `-next` entries instead; IMAGEVECTOR_OVERWRITE
    // names a file of others (internal/utils/imagevector/util.go:23)
    uncovered: { images: 'etcd-wrapper and etcdbrctl `-next` images under the UpgradeEtcdVersion feature gate', at: 'internal/utils/image.go:40' },
  },
  {
    operator: 'GreptimeDB Operator',
    repository: 'github.com/GreptimeTeam/greptimedb-operator',
    images: ['docker.io/greptime/greptimedb-operator'],
    resources: [{ group: 'greptime.io', kind: 'GreptimeDBCluster' }],
    releases: [
      {
        versions: '0.6.0',
        read: 'v0.6.0',
        // the initializer of every GreptimeDBCluster that names none (defaulting.go:135)
        defaults: [
          { image: 'docker.io/greptime/greptimedb-initializer:latest', at: 'apis/v1alpha1/constants.go:65', unless: { field: 'spec.initializer.image' } },
        ],
      },
    ],
  },
  {
    operator: 'openGemini Operator',
    repository: 'github.com/openGemini/openGemini-operator',
    images: ['docker.io/opengeminidb/opengemini-operator'],
    // it starts the meta, sql and store StatefulSets of an OpenGeminiCluster, each from the
    // resource's own image field (spec.meta.image, spec.sql.image, spec.store.image: required, no
    // CRD default; pkg/opengemini/meta/meta.go:66, sql/sql.go:63, store/store.go:66); no reference
    // is compiled in. Read at every tag (v0.0.1-alpha1 to v0.2.1) and at e88ef89, the default
    // branch its chart's `latest` is built from (holdout JJ): the same at each. Read, it pulls
    // nothing of its own: no default
    releases: [{ versions: '>=0.0.1-alpha1 <=0.2.1', read: 'v0.2.1', defaults: [] }],
  },
  {
    operator: 'YDB Kubernetes Operator',
    repository: 'github.com/ydb-platform/ydb-kubernetes-operator',
    images: ['cr.yandex/yc/ydb-kubernetes-operator'],
    resources: [
      { group: 'ydb.tech', kind: 'Storage' },
      { group: 'ydb.tech', kind: 'Database' },
    ],
    releases: [
      {
        versions: '0.8.0',
        read: '0.8.0',
        // a Storage or Database with neither spec.image.name nor spec.version (database_webhook.go:78)
        defaults: [{ image: 'cr.yandex/crptqonuodf51kdj7a7d/ydb:22.2.22', at: 'api/v1alpha1/const.go:4', unless: { field: 'spec.image.name' } }],
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
        versions: '>=0.24.0 <=0.25.6',
        read: '50e8d0490678185f290336acbdfbf9534d60367d',
        defaults: [
          // added to a host's pod only where its pod template has no container named clickhouse
          // (else the first: pkg/model/chi/creator/container.go:93, k8s.StatefulSetContainerGet),
          // and the keeper's where none is named clickhouse-keeper (pkg/model/chk/creator/container.go:80)
          {
            image: 'docker.io/clickhouse/clickhouse-server:latest',
            at: 'pkg/model/chi/config/const.go:71',
            kind: 'ClickHouseInstallation',
            givenBy: 'spec.templates.podTemplates[*].spec.containers',
          },
          {
            image: 'docker.io/clickhouse/clickhouse-keeper:latest',
            at: 'pkg/model/chk/config/const.go:68',
            kind: 'ClickHouseKeeperInstallation',
            givenBy: 'spec.templates.podTemplates[*].spec.containers[name=clickhouse-keeper].image',
          },
        ],
      },
    ],
  },
  {
    // ClickHouse Inc.'s own operator (not Altinity's): its defaulting webhook fills a
    // ClickHouseCluster's or KeeperCluster's spec.containerTemplate.image left empty with the
    // compiled-in repository and tag (api/v1alpha1/*_types.go WithDefaults); a repository the
    // resource sets keeps the default tag. Its chart runs the operator at latest
    operator: 'ClickHouse Operator',
    repository: 'github.com/ClickHouse/clickhouse-operator',
    images: ['ghcr.io/clickhouse/clickhouse-operator'],
    resources: [
      { group: 'clickhouse.com', kind: 'ClickHouseCluster' },
      { group: 'clickhouse.com', kind: 'KeeperCluster' },
    ],
    releases: readings(
      [
        {
          image: 'docker.io/clickhouse/clickhouse-server:{tag}',
          kind: 'ClickHouseCluster',
          unless: { field: 'spec.containerTemplate.image.repository', takes: 'repository' },
        },
        {
          image: 'docker.io/clickhouse/clickhouse-keeper:{tag}',
          kind: 'KeeperCluster',
          unless: { field: 'spec.containerTemplate.image.repository', takes: 'repository' },
        },
      ],
      [{ versions: '>=0.0.1 <=0.0.2', read: 'v0.0.2', tags: 'latest latest', at: 'api/v1alpha1/defaults.go:19 :8' }],
    ),
  },
  {
    operator: 'ArangoDB Kubernetes Operator',
    repository: 'github.com/arangodb/kube-arangodb',
    images: ['docker.io/arangodb/kube-arangodb'],
    resources: [{ group: 'database.arangodb.com', kind: 'ArangoDeployment' }],
    releases: [
      {
        versions: '>=1.2.40 <=1.4.4',
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
    releases: readings(
      [{ image: 'docker.io/milvusdb/milvus:{tag}', unless: { field: 'spec.components.image' } }],
      [
        { versions: '1.1.0', read: 'v1.1.0', tags: 'v2.4.13', at: 'pkg/config/config.go:11' },
        { versions: '1.1.1', read: 'v1.1.1', tags: 'v2.4.13-hotfix', at: 'pkg/config/config.go:11' },
        { versions: '1.1.2', read: 'v1.1.2', tags: 'v2.4.15', at: 'pkg/config/config.go:11' },
        { versions: '>=1.1.3 <=1.1.4', read: 'v1.1.4', tags: 'v2.4.17', at: 'pkg/config/config.go:11' },
        { versions: '1.1.5', read: 'v1.1.5', tags: 'v2.4.19', at: 'pkg/config/config.go:11' },
        { versions: '>=1.1.6 <=1.1.8', read: 'v1.1.8', tags: 'v2.4.20', at: 'pkg/config/config.go:11' },
        { versions: '1.1.9', read: 'v1.1.9', tags: 'v2.4.21', at: 'pkg/config/config.go:11' },
        { versions: '>=1.2.0 <=1.2.1', read: 'v1.2.1', tags: 'v2.5.4', at: 'pkg/config/config.go:11' },
        { versions: '1.2.2', read: 'v1.2.2', tags: 'v2.5.5', at: 'pkg/config/config.go:11' },
        { versions: '1.2.3', read: 'v1.2.3', tags: 'v2.5.6', at: 'pkg/config/config.go:11' },
        { versions: '1.2.4', read: 'v1.2.4', tags: 'v2.5.7', at: 'pkg/config/config.go:11' },
        { versions: '>=1.2.5 <=1.2.6', read: 'v1.2.6', tags: 'v2.5.10', at: 'pkg/config/config.go:9' },
        { versions: '1.2.7', read: 'v1.2.7', tags: 'v2.5.13', at: 'pkg/config/config.go:9' },
        { versions: '1.2.8', read: 'v1.2.8', tags: 'v2.5.14', at: 'pkg/config/config.go:9' },
        { versions: '>=1.3.0 <=1.3.1', read: 'v1.3.1', tags: 'v2.6.0', at: 'pkg/config/config.go:9' },
        { versions: '1.3.2', read: 'v1.3.2', tags: 'v2.6.3', at: 'pkg/config/config.go:9' },
        { versions: '1.3.3', read: 'v1.3.3', tags: 'v2.6.5', at: 'pkg/config/config.go:9' },
        { versions: '1.3.4', read: 'v1.3.4', tags: 'v2.6.6', at: 'pkg/config/config.go:9' },
        { versions: '1.3.5', read: 'v1.3.5', tags: 'v2.6.7', at: 'pkg/config/config.go:9' },
        { versions: '>=1.3.6 <=1.3.8', read: 'v1.3.8', tags: 'v2.6.11', at: 'apis/milvus.io/v1beta1/milvus_webhook.go:390' },
      ],
    ),
  },
  {
    operator: 'Aerospike Kubernetes Operator',
    repository: 'github.com/aerospike/aerospike-kubernetes-operator',
    images: ['docker.io/aerospike/aerospike-kubernetes-operator'],
    resources: [{ group: 'asdb.aerospike.com', kind: 'AerospikeCluster' }],
    // the init container of every AerospikeCluster's pods: REGISTRY/NAMESPACE/NAME:TAG
    // (api/v1/utils.go:132), each part from the resource's spec.podSpec.aerospikeInitContainer, else
    // an env var of the operator's container, else compiled in. The registry env var is the part
    // a mirror sets; the namespace and name:tag are read as compiled in (the chart writes its
    // values of them, which default to those, into AEROSPIKE_KUBERNETES_INIT_REGISTRY_NAMESPACE and
    // _NAME_TAG: a chart told others pulls another image than the one listed)
    releases: readings(
      [{ image: 'docker.io/aerospike/aerospike-kubernetes-init:{tag}', unless: { env: 'AEROSPIKE_KUBERNETES_INIT_REGISTRY', takes: 'registry' } }],
      [
        { versions: '3.4.0', read: '3.4.0', tags: '2.2.2', at: 'api/v1/utils.go:78' },
        { versions: '3.4.1', read: '3.4.1', tags: '2.2.3', at: 'api/v1/utils.go:78' },
        { versions: '4.0.0', read: '4.0.0', tags: '2.2.4', at: 'api/v1/utils.go:77' },
        { versions: '4.0.1', read: '4.0.1', tags: '2.2.5', at: 'api/v1/utils.go:77' },
        { versions: '4.0.2', read: '4.0.2', tags: '2.2.6', at: 'api/v1/utils.go:77' },
        { versions: '4.1.0', read: 'v4.1.0', tags: '2.3.0', at: 'api/v1/utils.go:82' },
        { versions: '4.1.1', read: 'v4.1.1', tags: '2.3.1', at: 'api/v1/utils.go:82' },
        { versions: '4.1.2', read: 'v4.1.2', tags: '2.3.2', at: 'api/v1/utils.go:82' },
        { versions: '4.2.0', read: 'v4.2.0', tags: '2.4.0', at: 'api/v1/utils.go:88' },
        { versions: '4.3.0', read: 'v4.3.0', tags: '2.5.0', at: 'api/v1/utils.go:88' },
        { versions: '4.4.0', read: 'v4.4.0', tags: '2.5.1', at: 'api/v1/utils.go:92' },
        { versions: '4.4.1', read: 'v4.4.1', tags: '2.5.2', at: 'api/v1/utils.go:92' },
        { versions: '4.5.0', read: 'v4.5.0', tags: '2.5.3', at: 'api/v1/utils.go:92' },
      ],
    ),
  },
  {
    operator: 'StarRocks Operator',
    repository: 'github.com/StarRocks/starrocks-kubernetes-operator',
    images: ['docker.io/starrocks/operator'],
    resources: [{ group: 'starrocks.com', kind: 'StarRocksCluster' }],
    // the FE proxy Deployment of a StarRocksCluster holding starRocksFeProxySpec; an image there
    // that is empty or only `:TAG` leaves the default (the kube-starrocks chart renders none when
    // its repository value is empty)
    releases: [
      {
        versions: '>=1.9.5 <=1.11.5',
        read: 'v1.11.5',
        defaults: [
          {
            image: 'docker.io/library/nginx:1.24.0',
            at: 'pkg/subcontrollers/feproxy/feproxy_controller.go:207',
            per: 'StarRocksCluster',
            when: 'spec.starRocksFeProxySpec',
            unless: { field: 'spec.starRocksFeProxySpec.image' },
          },
        ],
      },
    ],
  },
  // Operators read to start only the images their users name (holdout LL): read, they pull nothing
  // of their own, so the pod-creator warning has nothing to say of them at these versions
  {
    operator: 'YTsaurus operator',
    repository: 'github.com/ytsaurus/ytsaurus-k8s-operator',
    images: ['docker.io/ytsaurus/k8s-operator'],
    // servers, init Jobs, UI, CHYT/SPYT and strawberry run a Ytsaurus resource's spec.coreImage or
    // per-component image (pkg/components/server.go:165); the only image strings are in pkg/testutil
    releases: [{ versions: '0.36.0', read: 'v0.36.0', defaults: [] }],
  },
  {
    operator: 'RavenDB operator',
    repository: 'github.com/ravendb/ravendb-operator',
    images: ['docker.io/ravendb/ravendb-operator'],
    // nodes and bootstrap Jobs run a RavenDBCluster's required spec.image (pkg/resource/statefulset.go:62,
    // job.go:49); the only image string is a test fixture's
    releases: [{ versions: '1.0.0', read: 'v1.0.0', defaults: [] }],
  },
  {
    operator: 'DoltDB operator (EA)',
    repository: 'github.com/electronicarts/doltdb-operator',
    images: ['ghcr.io/electronicarts/doltdb-operator'],
    // Dolt servers run a DoltDB's spec.image at its required spec.engineVersion, snapshot CronJobs a
    // Snapshot's spec.image:version (pkg/builder/container_builder.go:160, cronjob_builder.go:90): their
    // defaults (dolthub/dolt, bitnami/kubectl:latest) are the CRDs', said where a render holds the CRDs.
    // Read at the commit of its chart 0.2.0, whose image tag no release names
    releases: [{ versions: '0.2.0', read: '79e99aa2527056dcc4dbebfd279cdc23f3e1965c', defaults: [] }],
  },
];
