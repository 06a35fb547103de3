// Operator defaults (operator-defaults.ts) of the operators that run messaging and coordination:
// Kafka, ZooKeeper. Each entry as read from the operator's source.
import { readings, type OperatorEntry } from './operator-defaults-model.js';

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
];
