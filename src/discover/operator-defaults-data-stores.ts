// Operator defaults (operator-defaults.ts) of the operators that run data stores: databases,
// caches, search, queues, object storage. Each entry as read from the operator's source.
import type { OperatorEntry } from './operator-defaults-model.js';

export const DATA_STORE_OPERATORS: readonly OperatorEntry[] = [
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
            // a {repository, tag} block the operator completes (ContainerImage, api/v1beta1/common_types.go:249)
            unless: { field: 'spec.busyBoxImage.repository', takes: 'repository' },
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
          {
            image: 'docker.io/pravega/zookeeper:0.2.14',
            at: 'api/v1beta1/zookeepercluster_types.go:419',
            unless: { field: 'spec.image.repository', takes: 'repository' },
          },
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
