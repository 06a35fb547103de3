// Operator defaults (operator-defaults.ts) of the operators that run SQL databases: PostgreSQL
// (CloudNativePG, StackGres), MySQL (MySQL Operator, MOCO, Percona XtraDB Cluster, Bitpoke), CrateDB and
// the Atlas schema-migration operator. Each entry as read from the operator's source.
import { readings, type OperatorEntry } from './operator-defaults-model.js';

export const SQL_OPERATORS: readonly OperatorEntry[] = [
  {
    operator: 'CloudNativePG',
    repository: 'github.com/cloudnative-pg/cloudnative-pg',
    images: ['ghcr.io/cloudnative-pg/cloudnative-pg', 'docker.io/bitnami/cloudnative-pg'],
    resources: [
      { group: 'postgresql.cnpg.io', kind: 'Cluster' },
      { group: 'postgresql.cnpg.io', kind: 'Pooler' },
    ],
    releases: [
      ...readings(
        [{ image: 'ghcr.io/cloudnative-pg/postgresql:{tag}', unless: { env: 'POSTGRES_IMAGE_NAME' } }, { image: 'ghcr.io/cloudnative-pg/pgbouncer:{tag}' }],
        [
          { versions: '1.23.5', read: 'v1.23.5', tags: '17.0 1.23.0', at: 'pkg/versions/versions.go:26 pkg/specs/pgbouncer/deployments.go:40' },
          { versions: '1.23.6', read: 'v1.23.6', tags: '17.2 1.23.0', at: 'pkg/versions/versions.go:26 pkg/specs/pgbouncer/deployments.go:42' },
          { versions: '1.24.0', read: 'v1.24.0', tags: '16.4 1.23.0', at: 'pkg/versions/versions.go:26 pkg/specs/pgbouncer/deployments.go:40' },
          { versions: '1.24.1', read: 'v1.24.1', tags: '17.0 1.23.0', at: 'pkg/versions/versions.go:26 pkg/specs/pgbouncer/deployments.go:40' },
          { versions: '1.24.2', read: 'v1.24.2', tags: '17.2 1.23.0', at: 'pkg/versions/versions.go:26 pkg/specs/pgbouncer/deployments.go:42' },
          { versions: '1.24.3', read: 'v1.24.3', tags: '17.4 1.24.0', at: 'pkg/versions/versions.go:26 pkg/specs/pgbouncer/deployments.go:42' },
          { versions: '1.24.4', read: 'v1.24.4', tags: '17.5 1.24.1', at: 'pkg/versions/versions.go:29 pkg/specs/pgbouncer/deployments.go:45' },
          { versions: '1.25.0', read: 'v1.25.0', tags: '17.2 1.23.0', at: 'pkg/versions/versions.go:26 pkg/specs/pgbouncer/deployments.go:42' },
          { versions: '1.25.1', read: 'v1.25.1', tags: '17.4 1.24.0', at: 'pkg/versions/versions.go:26 pkg/specs/pgbouncer/deployments.go:42' },
          { versions: '>=1.25.2 <=1.25.3', read: 'v1.25.3', tags: '17.5 1.24.1', at: 'pkg/versions/versions.go:29 pkg/specs/pgbouncer/deployments.go:45' },
          { versions: '1.25.4', read: 'v1.25.4', tags: '18.0-system-trixie 1.24.1', at: 'pkg/versions/versions.go:29 pkg/specs/pgbouncer/deployments.go:45' },
          { versions: '>=1.26.0 <=1.26.1', read: 'v1.26.1', tags: '17.5 1.24.1', at: 'pkg/versions/versions.go:29 pkg/specs/pgbouncer/deployments.go:45' },
          { versions: '1.26.2', read: 'v1.26.2', tags: '18.0-system-trixie 1.24.1', at: 'pkg/versions/versions.go:29 pkg/specs/pgbouncer/deployments.go:45' },
        ],
      ),
      ...readings(
        [
          { image: 'ghcr.io/cloudnative-pg/postgresql:{tag}', unless: { env: 'POSTGRES_IMAGE_NAME' } },
          { image: 'ghcr.io/cloudnative-pg/pgbouncer:{tag}', unless: { env: 'PGBOUNCER_IMAGE_NAME' } },
        ],
        [{ versions: '1.26.3', read: 'v1.26.3', tags: '18.1-system-trixie 1.25.1', at: 'pkg/versions/versions.go:29 :35' }],
      ),
      ...readings(
        [{ image: 'ghcr.io/cloudnative-pg/postgresql:{tag}', unless: { env: 'POSTGRES_IMAGE_NAME' } }, { image: 'ghcr.io/cloudnative-pg/pgbouncer:{tag}' }],
        [
          { versions: '1.27.0', read: 'v1.27.0', tags: '17.5 1.24.1', at: 'pkg/versions/versions.go:29 pkg/specs/pgbouncer/deployments.go:45' },
          { versions: '1.27.1', read: 'v1.27.1', tags: '18.0-system-trixie 1.24.1', at: 'pkg/versions/versions.go:29 pkg/specs/pgbouncer/deployments.go:45' },
        ],
      ),
      ...readings(
        [
          { image: 'ghcr.io/cloudnative-pg/postgresql:{tag}', unless: { env: 'POSTGRES_IMAGE_NAME' } },
          { image: 'ghcr.io/cloudnative-pg/pgbouncer:{tag}', unless: { env: 'PGBOUNCER_IMAGE_NAME' } },
        ],
        [
          { versions: '>=1.27.2 <=1.27.3', read: 'v1.27.3', tags: '18.1-system-trixie 1.25.1', at: 'pkg/versions/versions.go:29 :35' },
          { versions: '1.27.4', read: 'v1.27.4', tags: '18.3-system-trixie 1.25.1', at: 'pkg/versions/versions.go:29 :35' },
          { versions: '>=1.28.0 <=1.28.1', read: 'v1.28.1', tags: '18.1-system-trixie 1.25.1', at: 'pkg/versions/versions.go:29 :35' },
          { versions: '>=1.28.2 <=1.28.3', read: 'v1.28.3', tags: '18.3-system-trixie 1.25.1', at: 'pkg/versions/versions.go:29 :35' },
          { versions: '1.28.4', read: 'v1.28.4', tags: '18.4-system-trixie 1.25.1', at: 'pkg/versions/versions.go:29 :35' },
          { versions: '>=1.29.0 <=1.29.1', read: 'v1.29.1', tags: '18.3-system-trixie 1.25.1', at: 'pkg/versions/versions.go:29 :35' },
          { versions: '>=1.29.2 <=1.30.0', read: 'v1.30.0', tags: '18.4-system-trixie 1.25.1', at: 'pkg/versions/versions.go:29 :35' },
        ],
      ),
    ],
  },
  {
    operator: 'MOCO',
    repository: 'github.com/cybozu-go/moco',
    images: ['ghcr.io/cybozu-go/moco'],
    releases: [
      {
        versions: '>=0.23.1 <=0.36.0',
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
    // an InnoDBCluster without spec.version runs the server and router of the operator's
    // DEFAULT_VERSION_TAG (config.py), its sidecar and init containers the operator's own version;
    // MYSQL_OPERATOR_DEFAULT_REPOSITORY replaces the repository of all three
    releases: readings(
      [
        { image: 'container-registry.oracle.com/mysql/community-server:{tag}', unless: { env: 'MYSQL_OPERATOR_DEFAULT_REPOSITORY', takes: 'prefix' } },
        { image: 'container-registry.oracle.com/mysql/community-operator:{tag}', unless: { env: 'MYSQL_OPERATOR_DEFAULT_REPOSITORY', takes: 'prefix' } },
        { image: 'container-registry.oracle.com/mysql/community-router:{tag}', unless: { env: 'MYSQL_OPERATOR_DEFAULT_REPOSITORY', takes: 'prefix' } },
      ],
      [
        {
          versions: '8.0.36-2.0.13',
          read: '8.0.36-2.0.13',
          tags: '8.0.36 8.0.36-2.0.13 8.0.36',
          at: 'mysqloperator/controller/innodbcluster/cluster_api.py:885 :898 :908',
        },
        {
          versions: '8.0.37-2.0.14',
          read: '8.0.37-2.0.14',
          tags: '8.0.37 8.0.37-2.0.14 8.0.37',
          at: 'mysqloperator/controller/innodbcluster/cluster_api.py:885 :898 :908',
        },
        {
          versions: '8.0.38-2.0.15',
          read: '8.0.38-2.0.15',
          tags: '8.0.38 8.0.38-2.0.15 8.0.38',
          at: 'mysqloperator/controller/innodbcluster/cluster_api.py:885 :898 :908',
        },
        {
          versions: '8.0.40-2.0.16',
          read: '8.0.40-2.0.16',
          tags: '8.0.40 8.0.40-2.0.16 8.0.40',
          at: 'mysqloperator/controller/innodbcluster/cluster_api.py:885 :898 :908',
        },
        {
          versions: '8.1.0-2.1.0',
          read: '8.1.0-2.1.0',
          tags: '8.1.0 8.1.0-2.1.0 8.1.0',
          at: 'mysqloperator/controller/innodbcluster/cluster_api.py:929 :942 :952',
        },
        {
          versions: '8.2.0-2.1.1',
          read: '8.2.0-2.1.1',
          tags: '8.2.0 8.2.0-2.1.1 8.2.0',
          at: 'mysqloperator/controller/innodbcluster/cluster_api.py:971 :981 :1362',
        },
        {
          versions: '8.3.0-2.1.2',
          read: '8.3.0-2.1.2',
          tags: '8.3.0 8.3.0-2.1.2 8.3.0',
          at: 'mysqloperator/controller/innodbcluster/cluster_api.py:1071 :1081 :1444',
        },
        {
          versions: '8.4.0-2.1.3',
          read: '8.4.0-2.1.3',
          tags: '8.4.0 8.4.0-2.1.3 8.4.0',
          at: 'mysqloperator/controller/innodbcluster/cluster_api.py:1314 :1324 :1592',
        },
        {
          versions: '8.4.1-2.1.4',
          read: '8.4.1-2.1.4',
          tags: '8.4.1 8.4.1-2.1.4 8.4.1',
          at: 'mysqloperator/controller/innodbcluster/cluster_api.py:1314 :1324 :1592',
        },
        {
          versions: '8.4.3-2.1.5',
          read: '8.4.3-2.1.5',
          tags: '8.4.3 8.4.3-2.1.5 8.4.3',
          at: 'mysqloperator/controller/innodbcluster/cluster_api.py:1314 :1324 :1592',
        },
        {
          versions: '9.0.0-2.2.0',
          read: '9.0.0-2.2.0',
          tags: '9.0.0 9.0.0-2.2.0 9.0.0',
          at: 'mysqloperator/controller/innodbcluster/cluster_api.py:1324 :1334 :1602',
        },
        {
          versions: '9.0.1-2.2.1',
          read: '9.0.1-2.2.1',
          tags: '9.0.1 9.0.1-2.2.1 9.0.1',
          at: 'mysqloperator/controller/innodbcluster/cluster_api.py:1314 :1324 :1592',
        },
        {
          versions: '9.1.0-2.2.2',
          read: '9.1.0-2.2.2',
          tags: '9.1.0 9.1.0-2.2.2 9.1.0',
          at: 'mysqloperator/controller/innodbcluster/cluster_api.py:1339 :1349 :1617',
        },
      ],
    ),
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
    operator: 'Percona Operator for MySQL based on Percona XtraDB Cluster',
    repository: 'github.com/percona/percona-xtradb-cluster-operator',
    images: ['docker.io/percona/percona-xtradb-cluster-operator'],
    resources: [{ group: 'pxc.percona.com', kind: 'PerconaXtraDBCluster' }],
    releases: [
      {
        // main at this commit carries the 1.20.0 version gates (no v1.20.0 tag in the source read);
        // GetInitImage and operatorImageName read alike at v1.15.0 to v1.19.0
        versions: '>=1.15.0 <=1.20.0',
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
  {
    operator: 'Atlas Operator',
    repository: 'github.com/ariga/atlas-operator',
    images: ['docker.io/arigaio/atlas-operator'],
    resources: [
      { group: 'db.atlasgo.io', kind: 'AtlasSchema' },
      { group: 'db.atlasgo.io', kind: 'AtlasMigration' },
    ],
    releases: [
      {
        versions: '0.7.37',
        read: 'v0.7.37',
        // the dev database it starts for a schema or migration without spec.devURL, one by the
        // target URL's engine (devdb.go devDBContainer); nothing overrides the image but a devURL
        defaults: [
          { image: 'docker.io/library/postgres:latest', at: 'internal/controller/devdb.go:266' },
          { image: 'docker.io/yugabytedb/yugabyte:latest', at: 'internal/controller/devdb.go:287' },
          { image: 'mcr.microsoft.com/mssql/server:2022-latest', at: 'internal/controller/devdb.go:310' },
          { image: 'docker.io/library/mysql:latest', at: 'internal/controller/devdb.go:340' },
          { image: 'docker.io/library/mariadb:latest', at: 'internal/controller/devdb.go:366' },
          { image: 'docker.io/clickhouse/clickhouse-server:latest', at: 'internal/controller/devdb.go:392' },
          { image: 'docker.io/cockroachdb/cockroach:latest', at: 'internal/controller/devdb.go:423' },
        ],
      },
    ],
  },
  {
    operator: 'Bitpoke MySQL operator',
    repository: 'github.com/bitpoke/mysql-operator',
    images: ['docker.io/bitpoke/mysql-operator'],
    resources: [{ group: 'mysql.presslabs.org', kind: 'MysqlCluster' }],
    releases: [
      {
        versions: '0.6.3',
        read: 'v0.6.3',
        // a MysqlCluster without spec.image runs the image of its mysqlVersion, 5.7.35 when unset
        // (pkg/internal/mysqlcluster/defaults.go:60, mysqlcluster.go:205)
        defaults: [
          {
            image: 'docker.io/library/percona@sha256:caab4e854bd75040d07802bf1862bfef1d2b4db0acbc9c4aaf5c21c698fdd393',
            at: 'pkg/util/constants/constants.go:94',
          },
        ],
      },
    ],
  },
  {
    operator: 'StackGres Operator',
    repository: 'github.com/ongres/stackgres',
    images: ['quay.io/stackgres/operator'],
    // the OpenTelemetry collector SGConfig's deploy.collector (true by default) deploys: the
    // release's versions file gives the tag (StackGresUtil getCollectorImageNameWithTag, the newest
    // StackGresVersion's components), Components.java the template `%1$s/ongres/otel-collector:v...`
    // with %1$s SG_CONTAINER_REGISTRY (quay.io in the build).
    releases: readings(
      [{ image: 'quay.io/ongres/otel-collector:{tag}', unless: { env: 'SG_CONTAINER_REGISTRY', takes: 'registry' } }],
      [
        {
          versions: '>=1.17.0 <=1.17.1',
          read: '1.17.1',
          tags: 'v0.128.0-build-6.42',
          at: 'stackgres-k8s/src/common/src/main/resources/versions.properties:46',
        },
        { versions: '1.17.2', read: '1.17.2', tags: 'v0.132.0-build-6.43', at: 'stackgres-k8s/src/common/src/main/resources/versions.properties:48' },
        {
          versions: '>=1.17.3 <=1.17.4',
          read: '1.17.4',
          tags: 'v0.136.0-build-6.44',
          at: 'stackgres-k8s/src/common/src/main/resources/versions.properties:49',
        },
        { versions: '1.18.0', read: '1.18.0', tags: 'v0.139.0-build-6.45', at: 'stackgres-k8s/src/common/src/main/resources/versions-1.18.properties:50' },
        {
          versions: '>=1.18.1 <=1.18.3',
          read: '1.18.3',
          tags: 'v0.139.0-build-6.46',
          at: 'stackgres-k8s/src/common/src/main/resources/versions-1.18.properties:50',
        },
        { versions: '1.18.4', read: '1.18.4', tags: 'v0.144.0-build-6.47', at: 'stackgres-k8s/src/common/src/main/resources/versions-1.18.properties:50' },
        { versions: '1.18.5', read: '1.18.5', tags: 'v0.146.1-build-6.48', at: 'stackgres-k8s/src/common/src/main/resources/versions-1.18.properties:52' },
        { versions: '1.18.6', read: '1.18.6', tags: 'v0.146.1-build-6.49', at: 'stackgres-k8s/src/common/src/main/resources/versions-1.18.properties:54' },
      ],
    ),
    uncovered: {
      images:
        "per SGCluster (SGShardedCluster, SGDistributedLogs) the images its Postgres version picks from the release's versions file: quay.io/ongres/patroni, postgres-util, pgbouncer, envoy, prometheus-postgres-exporter, fluentbit, and quay.io/stackgres/cluster-controller at the operator's tag, under SG_CONTAINER_REGISTRY",
      at: 'stackgres-k8s/src/common/src/main/java/io/stackgres/common/component/Components.java:63',
    },
  },
  {
    // CrateDB's operator (Python): every CrateDB's StatefulSet gets the sql_exporter sidecar
    // (crate/operator/create.py, its image from env CRATEDB_OPERATOR_SQL_EXPORTER_IMAGE, which the
    // chart leaves unset) and busybox init containers, literal (fetch-jmx-exporter always,
    // init-sysctl unless CLOUD_PROVIDER is openshift); CrateDB itself is the resource's required
    // spec.cluster.imageRegistry and version, the backup image only with spec.backups and an env
    // the chart leaves unset
    operator: 'CrateDB Operator',
    repository: 'github.com/crate/crate-operator',
    images: ['docker.io/crate/crate-operator'],
    resources: [{ group: 'cloud.crate.io', kind: 'CrateDB' }],
    releases: readings(
      [
        { image: 'docker.io/burningalchemist/sql_exporter:{tag}', kind: 'CrateDB', unless: { env: 'CRATEDB_OPERATOR_SQL_EXPORTER_IMAGE' } },
        { image: 'docker.io/library/busybox:{tag}', kind: 'CrateDB' },
      ],
      [
        { versions: '>=2.55.0 <=2.58.0', read: '2.58.0', tags: '0.18.4 1.35.0', at: 'crate/operator/config.py:167 crate/operator/create.py:694' },
        { versions: '2.59.0', read: '2.59.0', tags: '0.20.0 1.35.0', at: 'crate/operator/config.py:170 crate/operator/create.py:751' },
        { versions: '>=2.59.1 <=2.60.0', read: '2.60.0', tags: '0.22.2 1.35.0', at: 'crate/operator/config.py:170 crate/operator/create.py:751' },
        { versions: '2.61.0', read: '2.61.0', tags: '0.24.0 1.35.0', at: 'crate/operator/config.py:170 crate/operator/create.py:751' },
        { versions: '>=2.62.0 <=2.63.0', read: '2.63.0', tags: '0.24.3 1.35.0', at: 'crate/operator/config.py:170 crate/operator/create.py:786' },
      ],
    ),
  },
];
