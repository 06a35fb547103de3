// Operator defaults (operator-defaults.ts) of the operators that run search engines, caches and
// object storage: Elasticsearch, OpenSearch, Solr, Redis, Dragonfly, MinIO, Typesense, Valkey, Meilisearch. Each entry as read
// from the operator's source.
import { readings, type OperatorEntry } from './operator-defaults-model.js';

export const SEARCH_CACHE_OPERATORS: readonly OperatorEntry[] = [
  {
    operator: 'Elastic Cloud on Kubernetes',
    repository: 'github.com/elastic/cloud-on-k8s',
    images: ['docker.elastic.co/eck/eck-operator'],
    resources: [
      { group: 'elasticsearch.k8s.elastic.co', kind: 'Elasticsearch' },
      { group: 'kibana.k8s.elastic.co', kind: 'Kibana' },
      { group: 'beat.k8s.elastic.co', kind: 'Beat' },
      { group: 'agent.k8s.elastic.co', kind: 'Agent' },
      { group: 'logstash.k8s.elastic.co', kind: 'Logstash' },
      { group: 'apm.k8s.elastic.co', kind: 'ApmServer' },
      { group: 'enterprisesearch.k8s.elastic.co', kind: 'EnterpriseSearch' },
      { group: 'maps.k8s.elastic.co', kind: 'ElasticMapsServer' },
    ],
    // v2.14.0 to v3.5.0 name the images alike (container.go:56-57, the same format at :112)
    releases: [
      { versions: '>=2.14.0 <=3.5.0', read: 'v3.5.0', defaults: [] },
      { versions: '>=3.6.0-0 <3.7.0-0', read: '7b93383d8ec1569ba99bdf9e59ad70a813fe99f8', defaults: [] },
    ],
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
      // a Beat's repository is its spec.type (filebeat, metricbeat...: container.go:60-65, picked
      // per type by each driver, pkg/controller/beat/common/pod.go:221); a type of no known Beat
      // must set spec.image (pkg/apis/beat/v1beta1/validations.go:68)
      {
        image: 'docker.elastic.co/beats/{cr:spec.type}:{cr:spec.version}',
        at: 'pkg/controller/common/container/container.go:60',
        per: 'Beat',
        unless: { field: 'spec.image' },
      },
      // Elastic Agent (and Fleet Server, the same kind) moved repository at 9.0 (AgentImageFor,
      // container.go:76; the 2.x operators name beats/elastic-agent at every version)
      {
        image: 'docker.elastic.co/beats/elastic-agent:{cr:spec.version}',
        at: 'pkg/controller/common/container/container.go:66',
        per: 'Agent',
        whenVersion: { field: 'spec.version', versions: '<9.0.0-0' },
        unless: { field: 'spec.image' },
      },
      {
        image: 'docker.elastic.co/elastic-agent/elastic-agent:{cr:spec.version}',
        at: 'pkg/controller/common/container/container.go:67',
        per: 'Agent',
        whenVersion: { field: 'spec.version', versions: '>=9.0.0-0' },
        unless: { field: 'spec.image' },
      },
      {
        image: 'docker.elastic.co/logstash/logstash:{cr:spec.version}',
        at: 'pkg/controller/common/container/container.go:69',
        per: 'Logstash',
        unless: { field: 'spec.image' },
      },
      {
        image: 'docker.elastic.co/apm/apm-server:{cr:spec.version}',
        at: 'pkg/controller/common/container/container.go:56',
        per: 'ApmServer',
        unless: { field: 'spec.image' },
      },
      {
        image: 'docker.elastic.co/enterprise-search/enterprise-search:{cr:spec.version}',
        at: 'pkg/controller/common/container/container.go:59',
        per: 'EnterpriseSearch',
        unless: { field: 'spec.image' },
      },
      // before 8.16.0 the maps server had UBI images only (a suffix, isOlderMapsServerImg)
      {
        image: 'docker.elastic.co/elastic-maps-service/elastic-maps-server:{cr:spec.version}',
        at: 'pkg/controller/common/container/container.go:68',
        per: 'ElasticMapsServer',
        whenVersion: { field: 'spec.version', versions: '>=8.16.0-0' },
        unless: { field: 'spec.image' },
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
        versions: '>=2.5.0 <=3.0.2',
        read: 'opensearch-operator-3.0.2',
        defaults: [
          {
            image: 'docker.io/library/busybox:latest',
            at: 'opensearch-operator/pkg/helpers/reconcile-helpers.go:16',
            unless: { field: 'spec.initHelper.image' },
          },
        ],
      },
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
    operator: 'Solr Operator',
    repository: 'github.com/apache/solr-operator',
    images: ['docker.io/apache/solr-operator'],
    resources: [{ group: 'solr.apache.org', kind: 'SolrCloud' }],
    releases: [
      {
        versions: '>=0.7.0 <=0.9.1',
        read: 'v0.9.1',
        defaults: [
          { image: '{cr:spec.solrImage.repository}:8.11', at: 'api/v1beta1/solrcloud_types.go:40', per: 'SolrCloud', unless: { field: 'spec.solrImage.tag' } },
          {
            image: 'docker.io/library/busybox:1.28.0-glibc',
            at: 'api/v1beta1/solrcloud_types.go:47',
            per: 'SolrCloud',
            unless: { field: 'spec.busyBoxImage.repository', takes: 'repository' },
          },
        ],
      },
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
    operator: 'Redis Operator (spotahome)',
    repository: 'github.com/spotahome/redis-operator',
    images: ['quay.io/spotahome/redis-operator'],
    resources: [{ group: 'databases.spotahome.com', kind: 'RedisFailover' }],
    releases: [
      {
        // 1.1.0 to 1.2.4 (tags) and 1.3.0 (this commit) alike
        versions: '>=1.1.0 <=1.3.0',
        read: '469fbcb8496ea1ae3ca0f39f8600b967c6f8712e',
        defaults: [{ image: 'docker.io/library/redis:6.2.6-alpine', at: 'api/redisfailover/v1/validate.go:33' }],
      },
    ],
  },
  {
    operator: 'Dragonfly Operator',
    repository: 'github.com/dragonflydb/dragonfly-operator',
    images: ['docker.dragonflydb.io/dragonflydb/operator'],
    resources: [{ group: 'dragonflydb.io', kind: 'Dragonfly' }],
    releases: [
      ...readings(
        [{ image: 'docker.dragonflydb.io/dragonflydb/dragonfly:{tag}' }],
        [
          { versions: '1.1.7', read: 'v1.1.7', tags: 'v1.21.2', at: 'internal/resources/version.go:20' },
          { versions: '1.1.8', read: 'v1.1.8', tags: 'v1.24.0', at: 'internal/resources/version.go:20' },
          { versions: '>=1.1.9 <=1.1.10', read: 'v1.1.10', tags: 'v1.26.2', at: 'internal/resources/version.go:20' },
          { versions: '1.1.11', read: 'v1.1.11', tags: 'v1.28.1', at: 'internal/resources/version.go:20' },
          { versions: '1.2.0', read: 'v1.2.0', tags: 'v1.32.0', at: 'internal/resources/version.go:20' },
          { versions: '1.2.1', read: 'v1.2.1', tags: 'v1.33.1', at: 'internal/resources/version.go:20' },
          { versions: '1.3.0', read: 'v1.3.0', tags: 'v1.34.1', at: 'internal/resources/version.go:20' },
          { versions: '1.3.1', read: 'v1.3.1', tags: 'v1.35.0', at: 'internal/resources/version.go:20' },
        ],
      ),
      ...readings(
        [{ image: 'docker.dragonflydb.io/dragonflydb/dragonfly:{tag}', unless: { flag: '--dragonfly-image' } }],
        [
          { versions: '1.4.0', read: 'v1.4.0', tags: 'v1.36.0', at: 'internal/resources/version.go:20' },
          { versions: '1.5.0', read: 'v1.5.0', tags: 'v1.37.0', at: 'internal/resources/version.go:20' },
          { versions: '>=1.6.0 <=1.6.1', read: 'v1.6.1', tags: 'v1.39.0', at: 'internal/resources/resources.go:158' },
        ],
      ),
    ],
  },
  {
    operator: 'MinIO Operator',
    repository: 'github.com/minio/operator',
    images: ['quay.io/minio/operator', 'docker.io/minio/operator', 'docker.io/bitnami/minio-operator'],
    resources: [{ group: 'minio.min.io', kind: 'Tenant' }],
    releases: readings(
      [{ image: 'quay.io/minio/operator-sidecar:{tag}', unless: { env: 'OPERATOR_SIDECAR_IMAGE' } }],
      [
        { versions: '5.0.16', read: 'v5.0.16', tags: 'latest', at: 'pkg/resources/statefulsets/minio-sidecar.go:26' },
        { versions: '5.0.17', read: 'v5.0.17', tags: 'v6.0.0', at: 'pkg/resources/statefulsets/minio-sidecar.go:26' },
        { versions: '5.0.18', read: 'v5.0.18', tags: 'v7.0.1', at: 'pkg/resources/statefulsets/minio-sidecar.go:26' },
        { versions: '>=6.0.0 <=6.0.2', read: 'v6.0.2', tags: 'v6.0.0', at: 'pkg/resources/statefulsets/minio-sidecar.go:26' },
        { versions: '>=6.0.3 <=6.0.4', read: 'v6.0.4', tags: 'v6.0.2', at: 'pkg/resources/statefulsets/minio-sidecar.go:26' },
        { versions: '7.0.0', read: 'v7.0.0', tags: 'v7.0.0', at: 'pkg/resources/statefulsets/minio-sidecar.go:26' },
        { versions: '>=7.0.1 <=7.1.1', read: '0ee2c254677e2173e630b07bf93b90517d8d09b9', tags: 'v7.0.1', at: 'pkg/resources/statefulsets/minio-sidecar.go:26' },
      ],
    ),
  },
  {
    operator: 'Typesense Operator',
    repository: 'github.com/akyriako/typesense-operator',
    images: ['quay.io/akyriako/typesense-operator'],
    resources: [{ group: 'ts.opentelekomcloud.com', kind: 'TypesenseCluster' }],
    // every TypesenseCluster's pods run a metrics exporter and a health check sidecar (the CRD
    // defaults the same images when the section is present but names none); the ingress' nginx and
    // the scrapers only when the resource asks for them
    releases: readings(
      [
        { image: 'quay.io/akyriako/typesense-prometheus-exporter:{tag}', unless: { field: 'spec.metrics.image' } },
        { image: 'quay.io/akyriako/typesense-healthcheck:{tag}', unless: { field: 'spec.healthcheck.image' } },
      ],
      [
        {
          versions: '0.4.0',
          read: 'typesense-operator-0.4.0',
          tags: '0.1.9 0.1.8',
          at: 'api/v1alpha1/typesensecluster_types_metrics.go:35 api/v1alpha1/typesensecluster_types_healthcheck.go:23',
        },
        {
          versions: '0.4.1',
          read: 'typesense-operator-0.4.1',
          tags: '0.1.9 0.2.0',
          at: 'api/v1alpha1/typesensecluster_types_metrics.go:45 api/v1alpha1/typesensecluster_types_healthcheck.go:33',
        },
      ],
    ),
  },
  {
    // valkey-io's operator (not chideat's, rds.valkey.buf.red): each ValkeyCluster becomes
    // ValkeyNodes whose pods run the server at spec.image or DefaultImage, beside the
    // redis_exporter sidecar (spec.exporter defaults to enabled) at spec.exporter.image or
    // DefaultExporterImage (internal/controller/valkeynode_resources.go:160, metrics_exporter.go:29);
    // no flag or env var of the operator names either
    operator: 'Valkey Operator (valkey-io)',
    repository: 'github.com/valkey-io/valkey-operator',
    images: ['ghcr.io/valkey-io/valkey-operator'],
    resources: [{ group: 'valkey.io', kind: 'ValkeyCluster' }],
    releases: readings(
      [
        { image: 'docker.io/valkey/valkey:{tag}', unless: { field: 'spec.image' } },
        { image: 'docker.io/oliver006/redis_exporter:{tag}', unless: { field: 'spec.exporter.image' } },
      ],
      [{ versions: '0.4.0', read: 'v0.4.0', tags: '9.0.0 v1.80.0', at: 'internal/controller/valkeycluster_controller.go:49 :50' }],
    ),
  },
  {
    // SAP's operator renders a Bitnami valkey chart embedded in its binary (pkg/operator/operator.go:109,
    // data/charts/valkey) with values from a template over each Valkey's spec (data/parameters.yaml):
    // the repository written there, registry and tag the embedded chart's (values.yaml:108-110; the
    // template's tag reads `.Version`, which the spec's `version` never fills). A Valkey has no image
    // field and the operator no flag or env var for it. v0.1.7 to v0.1.10 have the same lines
    // (before v0.1.7 the repository is bitnami/valkey: not read as an entry).
    operator: "SAP's Valkey operator",
    repository: 'github.com/SAP/valkey-operator',
    images: ['ghcr.io/sap/valkey-operator'],
    resources: [{ group: 'cache.cs.sap.com', kind: 'Valkey' }],
    releases: readings(
      [{ image: 'docker.io/bitnamilegacy/valkey:{tag}' }],
      [{ versions: '>=0.1.7 <=0.1.10', read: 'v0.1.10', tags: '8.1.2-debian-12-r0', at: 'pkg/operator/data/parameters.yaml:18' }],
    ),
  },
  {
    // mbround18's operator (kube-rs): each Server becomes a StatefulSet running spec.image, or the
    // compiled-in default when it is unset (build_statefulset); its CRD gives spec.image no default,
    // and no flag or env var of the operator names the image. Its repository has no tags: read at
    // the commit its chart 0.1.0 (Cargo version 0.1.0) was published from.
    operator: "mbround18's Meilisearch operator",
    repository: 'github.com/mbround18/meilisearch-operator',
    images: ['docker.io/mbround18/meilisearch-operator'],
    resources: [{ group: 'meili.operator.dev', kind: 'Server' }],
    releases: readings(
      [{ image: 'docker.io/getmeili/meilisearch:{tag}', unless: { field: 'spec.image' } }],
      [
        {
          versions: '0.1.0',
          read: '8cddc6642ae1c8740532318c2a612aebac81e89e',
          tags: 'latest',
          at: 'crates/meilisearch-operator/src/server_controller.rs:287',
        },
      ],
    ),
  },
];
