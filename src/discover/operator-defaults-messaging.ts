// Operator defaults (operator-defaults.ts) of the operators that run messaging and coordination:
// Kafka, ZooKeeper, Pravega and its BookKeeper, Pulsar Functions (Function Mesh), stream pipelines (Conduit),
// RabbitMQ (the cluster operator) and NATS (crewlet's operator).
// Each entry as read from the operator's source.
import { readings, type DefaultShape, type OperatorEntry } from './operator-defaults-model.js';

// A RabbitmqCluster runs spec.image, else the operator's default (set by its webhook, and by
// reconcile_operator_defaults.go where the operator controls the image), which
// DEFAULT_RABBITMQ_IMAGE replaces; the default-user credential updater sidecar runs only with a
// Vault secret backend (statefulset.go: VaultDefaultUserSecretEnabled).
const RABBITMQ: DefaultShape = {
  image: 'docker.io/library/rabbitmq:{tag}',
  per: 'RabbitmqCluster',
  unless: { env: 'DEFAULT_RABBITMQ_IMAGE', field: 'spec.image' },
};
const updater = (repository: string): DefaultShape => ({
  image: `${repository}:{tag}`,
  per: 'RabbitmqCluster',
  when: 'spec.secretBackend.vault',
  unless: { env: 'DEFAULT_USER_UPDATER_IMAGE', field: 'spec.secretBackend.vault.defaultUserUpdaterImage' },
});

export const MESSAGING_OPERATORS: readonly OperatorEntry[] = [
  {
    operator: 'Koperator',
    repository: 'github.com/adobe/koperator',
    images: ['ghcr.io/adobe/koperator'],
    resources: [{ group: 'kafka.banzaicloud.io', kind: 'KafkaCluster' }],
    // envoyproxy/envoy:v1.38.3 (:1203) only with external listeners through envoy: not listed
    releases: [
      ...readings(
        [
          { image: 'ghcr.io/banzaicloud/kafka:{tag}', unless: { field: 'spec.clusterImage' } },
          { image: 'ghcr.io/banzaicloud/jmx-javaagent:{tag}', unless: { field: 'spec.monitoringConfig.jmxImage' } },
          { image: 'ghcr.io/banzaicloud/cruise-control:{tag}', unless: { field: 'spec.cruiseControlConfig.image' } },
        ],
        [
          {
            versions: '>=0.26.0-adobe-20240605 <=0.28.0-adobe-20250911',
            read: '0.28.0-adobe-20250911',
            tags: '2.13-3.4.1 0.16.1 2.5.123',
            at: 'api/v1beta1/kafkacluster_types.go:128 :147 :112',
          },
        ],
      ),
      ...readings(
        [
          { image: 'ghcr.io/adobe/kafka:{tag}', unless: { field: 'spec.clusterImage' } },
          { image: 'ghcr.io/banzaicloud/jmx-javaagent:{tag}', unless: { field: 'spec.monitoringConfig.jmxImage' } },
          { image: 'ghcr.io/banzaicloud/cruise-control:{tag}', unless: { field: 'spec.cruiseControlConfig.image' } },
        ],
        [
          {
            versions: '0.28.0-adobe-20250921',
            read: '0.28.0-adobe-20250921',
            tags: '2.13-3.9.1 0.16.1 2.5.123',
            at: 'api/v1beta1/kafkacluster_types.go:129 :148 :113',
          },
        ],
      ),
      ...readings(
        [
          { image: 'ghcr.io/adobe/koperator/kafka:{tag}', unless: { field: 'spec.clusterImage' } },
          { image: 'ghcr.io/amuraru/jmx-javaagent:{tag}', unless: { field: 'spec.monitoringConfig.jmxImage' } },
          { image: 'docker.io/adobe/cruise-control:{tag}', unless: { field: 'spec.cruiseControlConfig.image' } },
        ],
        [
          {
            versions: '0.28.0-adobe-20250923',
            read: '0.28.0-adobe-20250923',
            tags: '2.13-3.9.1 0.19.2 3.0.3-adbe-20250804',
            at: 'api/v1beta1/kafkacluster_types.go:129 :148 :113',
          },
        ],
      ),
      ...readings(
        [
          { image: 'ghcr.io/adobe/koperator/kafka:{tag}', unless: { field: 'spec.clusterImage' } },
          { image: 'ghcr.io/adobe/koperator/jmx-javaagent:{tag}', unless: { field: 'spec.monitoringConfig.jmxImage' } },
          { image: 'docker.io/adobe/cruise-control:{tag}', unless: { field: 'spec.cruiseControlConfig.image' } },
        ],
        [
          {
            versions: '>=0.28.0-adobe-20251121 <=0.28.0-adobe-20260512',
            read: '0.28.0-adobe-20260512',
            tags: '2.13-3.9.1 1.4.0 3.0.3-adbe-20250804',
            at: 'api/v1beta1/kafkacluster_types.go:132 :62 :116',
          },
          {
            versions: '>=0.28.0-adobe-20260622 <=0.28.0-adobe-20260731',
            read: '0.28.0-adobe-20260731',
            tags: '2.13-3.9.1 1.5.0 3.0.3-adbe-20250804',
            at: 'api/v1beta1/kafkacluster_types.go:869 :1243 :1227',
          },
        ],
      ),
    ],
  },
  {
    operator: 'Zookeeper Operator',
    repository: 'github.com/pravega/zookeeper-operator',
    images: ['docker.io/pravega/zookeeper-operator'],
    resources: [{ group: 'zookeeper.pravega.io', kind: 'ZookeeperCluster' }],
    releases: readings(
      [{ image: 'docker.io/pravega/zookeeper:{tag}', unless: { field: 'spec.image.repository', takes: 'repository' } }],
      [
        { versions: '0.2.13', read: 'v0.2.13', tags: '0.2.12', at: 'pkg/apis/zookeeper/v1beta1/zookeepercluster_types.go:29' },
        { versions: '0.2.14', read: 'v0.2.14', tags: '0.2.13', at: 'api/v1beta1/zookeepercluster_types.go:29' },
        { versions: '0.2.15', read: 'v0.2.15', tags: '0.2.14', at: 'api/v1beta1/zookeepercluster_types.go:419' },
      ],
    ),
  },
  {
    operator: 'Pravega Operator',
    repository: 'github.com/pravega/pravega-operator',
    images: ['docker.io/pravega/pravega-operator'],
    resources: [{ group: 'pravega.pravega.io', kind: 'PravegaCluster' }],
    // the repository (spec.pravega.image.repository) joined to spec.version, the default version's tag when unset
    releases: readings(
      [{ image: 'docker.io/pravega/pravega:{tag}', unless: { field: 'spec.pravega.image.repository', takes: 'repository' } }],
      [
        {
          versions: '>=0.5.3 <=0.5.6',
          read: 'v0.5.6',
          tags: '0.9.0',
          at: 'pkg/apis/pravega/v1beta1/pravegacluster_types.go:1496',
        },
        { versions: '0.5.7', read: 'v0.5.7', tags: '0.11.0', at: 'api/v1beta1/pravegacluster_types.go:424' },
      ],
    ),
  },
  {
    operator: 'BookKeeper Operator',
    repository: 'github.com/pravega/bookkeeper-operator',
    images: ['docker.io/pravega/bookkeeper-operator'],
    resources: [{ group: 'bookkeeper.pravega.io', kind: 'BookkeeperCluster' }],
    releases: readings(
      [{ image: 'docker.io/pravega/bookkeeper:{tag}', unless: { field: 'spec.image.repository', takes: 'repository' } }],
      [
        { versions: '>=0.1.4 <=0.1.8', read: 'v0.1.8', tags: '0.9.0', at: 'api/v1alpha1/bookkeepercluster_types.go:584' },
        { versions: '0.1.9', read: 'v0.1.9', tags: '0.11.0', at: 'api/v1alpha1/bookkeepercluster_types.go:594' },
      ],
    ),
  },
  {
    operator: 'Function Mesh',
    repository: 'github.com/streamnative/function-mesh',
    images: ['docker.io/streamnative/function-mesh'],
    // the controller's config file (ConfigMap key config.yaml) may name the runner images per language
    configFile: 'config.yaml',
    resources: [
      { group: 'compute.functionmesh.io', kind: 'Function' },
      { group: 'compute.functionmesh.io', kind: 'Sink' },
      { group: 'compute.functionmesh.io', kind: 'Source' },
      { group: 'compute.functionmesh.io', kind: 'FunctionMesh' },
    ],
    // a resource's spec.image wins over all of these; sinks and sources without one run pulsar-all
    // (the built-in connectors), functions the runner of their language
    releases: readings(
      [
        { image: 'docker.io/streamnative/pulsar-functions-java-runner:{tag}', unless: { config: 'runnerImages.java' } },
        { image: 'docker.io/streamnative/pulsar-functions-python-runner:{tag}', unless: { config: 'runnerImages.python' } },
        { image: 'docker.io/streamnative/pulsar-functions-go-runner:{tag}', unless: { config: 'runnerImages.go' } },
        { image: 'docker.io/streamnative/pulsar-all:{tag}' },
        { image: 'docker.io/streamnative/pulsarctl:{tag}' },
      ],
      [
        {
          versions: '>=0.20.0 <=0.27.2',
          read: 'v0.27.2',
          tags: '2.10.0.0-rc10 2.10.0.0-rc10 2.10.0.0-rc10 2.10.0.0-rc10 2.10.2.3',
          at: 'controllers/spec/common.go:64 :65 :66 :63 :79',
        },
      ],
    ),
    uncovered: {
      images:
        'the generic-runtime runners (docker.io/streamnative/pulsar-functions-generic-nodejs-runner, -generic-python-runner, -generic-base-runner at 0.1.0) of a Function whose spec.genericRuntime names a language, unless config.yaml runnerImages.genericRuntime does',
      at: 'controllers/spec/common.go:67',
    },
  },
  {
    operator: 'Conduit Operator',
    repository: 'github.com/ConduitIO/conduit-operator',
    images: ['ghcr.io/conduitio/conduit-operator'],
    resources: [{ group: 'operator.conduit.io', kind: 'Conduit' }],
    // a Conduit the user applies: the defaulting webhook fills spec.image and spec.version
    // (internal/webhook/v1alpha/conduit_webhook.go:105-110), joined image:version
    // (internal/controller/conduit_containers.go:194); every Conduit's conduit-init container (and
    // the go builds of standalone connectors and processors) runs the compiled-in Go image
    releases: readings(
      [{ image: 'ghcr.io/conduitio/conduit:{tag}', unless: { field: 'spec.image', takes: 'repository' } }, { image: 'docker.io/library/golang:{tag}' }],
      [
        {
          versions: '>=0.0.12 <=0.0.13',
          read: 'v0.0.13',
          tags: 'v0.13.6 1.23-alpine',
          at: 'api/v1alpha/conduit_types.go:45 internal/controller/conduit_containers.go:110',
        },
      ],
    ),
  },
  {
    operator: "crewlet's NATS operator",
    repository: 'github.com/crewlet/nats-operator',
    images: ['ghcr.io/crewlet/nats-operator'],
    resources: [
      { group: 'nats.crewlet.cloud', kind: 'NatsCluster' },
      { group: 'nats.crewlet.cloud', kind: 'NatsBox' },
    ],
    // defaults kept in code, not CRD markers (defaults.go:19), filled where the resource's image
    // repository and tag are both empty (:209 defaultImage); the reloader is on unless
    // spec.reloader.enabled is false (:86), the prometheus exporter (:25) only with
    // spec.promExporter.enabled (build_statefulset.go:82): not listed
    releases: readings(
      [
        { image: 'docker.io/library/nats:{tag}', kind: 'NatsCluster', unless: { field: 'spec.image.repository' } },
        { image: 'docker.io/natsio/nats-server-config-reloader:{tag}', kind: 'NatsCluster', unless: { field: 'spec.reloader.image.repository' } },
        { image: 'docker.io/natsio/nats-box:{tag}', kind: 'NatsBox', unless: { field: 'spec.image.repository' } },
      ],
      [{ versions: '0.1.0', read: 'v0.1.0', tags: '2.12.6-alpine 0.21.1 0.19.3', at: 'internal/controller/defaults.go:23 :24 :26' }],
    ),
  },
  {
    operator: 'RabbitMQ Cluster Operator',
    repository: 'github.com/rabbitmq/cluster-operator',
    images: ['docker.io/rabbitmqoperator/cluster-operator', 'docker.io/bitnami/rabbitmq-cluster-operator'],
    resources: [{ group: 'rabbitmq.com', kind: 'RabbitmqCluster' }],
    releases: [
      ...readings(
        [RABBITMQ, updater('docker.io/rabbitmqoperator/default-user-credential-updater')],
        [
          { versions: '>=2.0.0 <=2.1.0', read: 'v2.1.0', tags: '3.10.2-management 1.0.2', at: 'main.go:49 :50' },
          { versions: '2.2.0', read: 'v2.2.0', tags: '3.11.10-management 1.0.2', at: 'main.go:50 :52' },
          { versions: '2.3.0', read: 'v2.3.0', tags: '3.11.18-management 1.0.2', at: 'main.go:52 :54' },
          { versions: '>=2.4.0 <=2.5.0', read: 'v2.5.0', tags: '3.12.2-management 1.0.2', at: 'main.go:52 :54' },
          { versions: '>=2.6.0 <=2.7.0', read: 'v2.7.0', tags: '3.12.2-management 1.0.2', at: 'main.go:53 :55' },
          { versions: '2.8.0', read: 'v2.8.0', tags: '3.13.1-management 1.0.2', at: 'main.go:61 :63' },
          { versions: '2.9.0', read: 'v2.9.0', tags: '3.13.2-management 1.0.2', at: 'main.go:61 :63' },
          { versions: '>=2.10.0 <=2.11.0', read: 'v2.11.0', tags: '3.13.7-management 1.0.2', at: 'main.go:61 :63' },
          { versions: '>=2.12.0 <=2.12.1', read: 'v2.12.1', tags: '4.0.5-management 1.0.2', at: 'main.go:61 :63' },
          { versions: '2.13.0', read: 'v2.13.0', tags: '4.1.0-management 1.0.2', at: 'main.go:61 :63' },
          { versions: '2.14.0', read: 'v2.14.0', tags: '4.1.0-management 1.0.2', at: 'main.go:62 :64' },
          { versions: '>=2.15.0 <=2.16.0', read: 'v2.16.0', tags: '4.1.1-management 1.0.2', at: 'main.go:62 :64' },
          { versions: '>=2.16.1 <=2.17.0', read: 'v2.17.0', tags: '4.1.3-management 1.0.2', at: 'main.go:62 :64' },
          { versions: '>=2.17.1 <=2.19.2', read: 'v2.19.2', tags: '4.1.3-management 1.0.2', at: 'main.go:63 :65' },
          { versions: '>=2.20.0 <=2.20.1', read: 'v2.20.1', tags: '4.1.3-management 1.0.2', at: 'cmd/main.go:72 :74' },
        ],
      ),
      ...readings(
        [RABBITMQ, updater('ghcr.io/rabbitmq/default-user-credential-updater')],
        [
          { versions: '2.21.0', read: 'v2.21.0', tags: '4.2.6-management 1.0.14', at: 'cmd/main.go:72 :74' },
          { versions: '2.21.1', read: 'v2.21.1', tags: '4.2.6-management 1.0.14', at: 'cmd/main.go:73 :75' },
          { versions: '>=2.22.0 <=2.22.3', read: 'v2.22.3', tags: '4.2.6-management 1.0.14', at: 'cmd/main.go:75 :77' },
        ],
      ),
    ],
  },
];
