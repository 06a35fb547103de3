// Operator defaults (operator-defaults.ts) of the operators that collect telemetry: OpenTelemetry
// (collectors and auto-instrumentation), Datadog (agents), Instana (agents), Grafana Agent (agents),
// Jaeger and SkyWalking (tracing backends). Each entry as read from the operator's source.
import { readings, type OperatorEntry } from './operator-defaults-model.js';

export const TELEMETRY_OPERATORS: readonly OperatorEntry[] = [
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
    releases: readings(
      [
        { image: 'ghcr.io/open-telemetry/opentelemetry-operator/target-allocator:{tag}', unless: { flag: '--target-allocator-image' } },
        { image: 'ghcr.io/open-telemetry/opentelemetry-operator/operator-opamp-bridge:{tag}', unless: { flag: '--operator-opamp-bridge-image' } },
        { image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-java:{tag}', unless: { flag: '--auto-instrumentation-java-image' } },
        { image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-nodejs:{tag}', unless: { flag: '--auto-instrumentation-nodejs-image' } },
        { image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-python:{tag}', unless: { flag: '--auto-instrumentation-python-image' } },
        { image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-dotnet:{tag}', unless: { flag: '--auto-instrumentation-dotnet-image' } },
        { image: 'ghcr.io/open-telemetry/opentelemetry-go-instrumentation/autoinstrumentation-go:{tag}', unless: { flag: '--auto-instrumentation-go-image' } },
        {
          image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-apache-httpd:{tag}',
          unless: { flag: '--auto-instrumentation-apache-httpd-image' },
        },
      ],
      [
        {
          versions: '0.110.0',
          read: 'v0.110.0',
          tags: '{operatorTag} {operatorTag} 1.33.5 0.52.1 0.48b0 1.2.0 v0.14.0-alpha 1.0.4',
          at: 'main.go:167 :168 :169 :170 :171 :172 :173 :174',
        },
        {
          versions: '>=0.111.0 <=0.112.0',
          read: 'v0.112.0',
          tags: '{operatorTag} {operatorTag} 1.33.5 0.53.0 0.48b0 1.2.0 v0.15.0-alpha 1.0.4',
          at: 'main.go:169 :170 :171 :172 :173 :174 :175 :176',
        },
        {
          versions: '0.113.0',
          read: 'v0.113.0',
          tags: '{operatorTag} {operatorTag} 1.33.5 0.53.0 0.48b0 1.2.0 v0.17.0-alpha 1.0.4',
          at: 'main.go:170 :171 :172 :173 :174 :175 :176 :177',
        },
        {
          versions: '0.113.1',
          read: 'v0.113.1',
          tags: '0.114.0 0.114.0 1.33.5 0.53.0 0.48b0 1.2.0 v0.17.0-alpha 1.0.4',
          at: 'main.go:170 :171 :172 :173 :174 :175 :176 :177',
        },
        {
          versions: '>=0.114.0 <=0.114.1',
          read: 'v0.114.1',
          tags: '{operatorTag} {operatorTag} 1.33.5 0.53.0 0.48b0 1.2.0 v0.17.0-alpha 1.0.4',
          at: 'main.go:170 :171 :172 :173 :174 :175 :176 :177',
        },
        {
          versions: '0.115.0',
          read: 'v0.115.0',
          tags: '{operatorTag} {operatorTag} 1.33.5 0.53.0 0.48b0 1.2.0 v0.19.0-alpha 1.0.4',
          at: 'main.go:170 :171 :172 :173 :174 :175 :176 :177',
        },
        {
          versions: '>=0.116.0 <=0.118.0',
          read: 'v0.118.0',
          tags: '{operatorTag} {operatorTag} 1.33.6 0.53.0 0.50b0 1.2.0 v0.19.0-alpha 1.0.4',
          at: 'main.go:159 :160 :161 :162 :163 :164 :165 :166',
        },
        {
          versions: '>=0.119.0 <=0.121.0',
          read: 'v0.121.0',
          tags: '{operatorTag} {operatorTag} 1.33.6 0.53.0 0.51b0 1.2.0 v0.19.0-alpha 1.0.4',
          at: 'main.go:160 :161 :162 :163 :164 :165 :166 :167',
        },
        {
          versions: '0.122.0',
          read: 'v0.122.0',
          tags: '{operatorTag} {operatorTag} 1.33.6 0.56.0 0.51b0 1.2.0 v0.19.0-alpha 1.0.4',
          at: 'main.go:160 :161 :162 :163 :164 :165 :166 :167',
        },
        {
          versions: '0.123.0',
          read: 'v0.123.0',
          tags: '{operatorTag} {operatorTag} 1.33.6 0.57.1 0.51b0 1.2.0 v0.19.0-alpha 1.0.4',
          at: 'main.go:160 :161 :162 :163 :164 :165 :166 :167',
        },
        {
          versions: '0.124.0',
          read: 'v0.124.0',
          tags: '{operatorTag} {operatorTag} 1.33.6 0.58.0 0.53b1 1.2.0 v0.19.0-alpha 1.0.4',
          at: 'main.go:159 :160 :161 :162 :163 :164 :165 :166',
        },
        {
          versions: '0.125.0',
          read: 'v0.125.0',
          tags: '{operatorTag} {operatorTag} 1.33.6 0.58.1 0.53b1 1.2.0 v0.19.0-alpha 1.0.4',
          at: 'main.go:157 :158 :159 :160 :161 :162 :163 :164',
        },
        {
          versions: '>=0.126.0 <=0.129.1',
          read: 'v0.129.1',
          tags: '{operatorTag} {operatorTag} 1.33.6 0.58.1 0.54b1 1.2.0 v0.21.0 1.0.4',
          at: 'internal/config/config.go:140 :141 :150 :151 :152 :153 :154 :155',
        },
        {
          versions: '0.131.0',
          read: 'v0.131.0',
          tags: '{operatorTag} {operatorTag} 1.33.6 0.62.0 0.57b0 1.2.0 v0.22.1 1.0.4',
          at: 'internal/config/config.go:140 :141 :150 :151 :152 :153 :154 :155',
        },
        {
          versions: '0.132.0',
          read: 'v0.132.0',
          tags: '{operatorTag} {operatorTag} 1.33.6 0.62.2 0.57b0 1.2.0 v0.22.1 1.0.4',
          at: 'internal/config/config.go:148 :149 :158 :159 :160 :161 :162 :163',
        },
        {
          versions: '>=0.134.0 <=0.135.0',
          read: 'v0.135.0',
          tags: '{operatorTag} {operatorTag} 1.33.6 0.63.0 0.58b0 1.2.0 v0.22.1 1.0.4',
          at: 'internal/config/config.go:148 :149 :158 :159 :160 :161 :162 :163',
        },
        {
          versions: '0.136.0',
          read: 'v0.136.0',
          tags: '{operatorTag} {operatorTag} 1.33.6 0.64.1 0.58b0 1.2.0 v0.22.1 1.0.4',
          at: 'internal/config/config.go:148 :149 :158 :159 :160 :161 :162 :163',
        },
        {
          versions: '>=0.137.0 <=0.138.0',
          read: 'v0.138.0',
          tags: '{operatorTag} {operatorTag} 1.33.6 0.64.1 0.59b0 1.2.0 v0.22.1 1.0.4',
          at: 'internal/config/config.go:148 :149 :158 :159 :160 :161 :162 :163',
        },
        {
          versions: '>=0.139.0 <=0.140.0',
          read: 'v0.140.0',
          tags: '{operatorTag} {operatorTag} 1.33.6 0.66.0 0.59b0 1.2.0 v0.22.1 1.0.4',
          at: 'internal/config/config.go:148 :149 :158 :159 :160 :161 :162 :163',
        },
        {
          versions: '0.141.0',
          read: 'v0.141.0',
          tags: '{operatorTag} {operatorTag} 1.33.6 0.67.2 0.60b0 1.2.0 v0.22.1 1.0.4',
          at: 'internal/config/config.go:148 :149 :158 :159 :160 :161 :162 :163',
        },
        {
          versions: '>=0.142.0 <=0.143.0',
          read: 'v0.143.0',
          tags: '{operatorTag} {operatorTag} 1.33.6 0.67.3 0.60b1 1.2.0 v0.22.1 1.0.4',
          at: 'internal/config/config.go:154 :155 :164 :165 :166 :167 :168 :169',
        },
        {
          versions: '0.144.0',
          read: 'v0.144.0',
          tags: '{operatorTag} {operatorTag} 1.33.6 0.69.0 0.60b1 1.2.0 v0.23.0 1.0.4',
          at: 'internal/config/config.go:157 :158 :167 :168 :169 :170 :171 :172',
        },
        {
          versions: '0.145.0',
          read: 'v0.145.0',
          tags: '{operatorTag} {operatorTag} 1.33.6 0.70.0 0.60b1 1.2.0 v0.23.0 1.0.4',
          at: 'internal/config/config.go:161 :162 :171 :172 :173 :174 :175 :176',
        },
        {
          versions: '>=0.146.0 <=0.148.0',
          read: 'v0.148.0',
          tags: '{operatorTag} {operatorTag} 1.33.6 0.71.0 0.60b1 1.2.0 v0.23.0 1.0.4',
          at: 'internal/config/config.go:168 :169 :178 :179 :180 :181 :182 :183',
        },
        {
          versions: '0.149.0',
          read: 'v0.149.0',
          tags: '{operatorTag} {operatorTag} 1.33.6 0.73.0 0.61b0 1.2.0 v0.23.0 1.0.4',
          at: 'internal/config/config.go:171 :172 :181 :182 :183 :184 :185 :186',
        },
        {
          versions: '0.150.0',
          read: 'v0.150.0',
          tags: '{operatorTag} {operatorTag} 1.33.6 0.73.0 0.61b0 1.15.0 v0.23.0 1.0.4',
          at: 'internal/config/config.go:174 :175 :184 :185 :186 :187 :188 :189',
        },
        {
          versions: '0.151.0',
          read: 'v0.151.0',
          tags: '{operatorTag} {operatorTag} 2.27.0 0.75.0 0.62b1 1.15.0 v0.24.0 1.0.4',
          at: 'internal/config/config.go:174 :175 :184 :185 :186 :187 :188 :189',
        },
        {
          versions: '>=0.152.0 <=0.153.0',
          read: 'v0.153.0',
          tags: '{operatorTag} {operatorTag} 2.28.1 0.76.0 0.63b1 1.15.0 v0.24.0 1.0.4',
          at: 'internal/config/config.go:184 :185 :194 :195 :196 :197 :198 :199',
        },
        {
          versions: '0.154.0',
          read: 'v0.154.0',
          tags: '{operatorTag} {operatorTag} 2.28.1 0.77.0 0.64b0 1.15.0 v0.24.0 1.0.4',
          at: 'internal/config/config.go:191 :192 :201 :202 :203 :204 :205 :206',
        },
        {
          versions: '>=0.155.0 <=0.156.0',
          read: 'v0.156.0',
          tags: '{operatorTag} {operatorTag} 2.29.0 0.78.0 0.64b0 1.16.0 v0.24.0 1.0.4',
          at: 'internal/config/config.go:191 :192 :201 :202 :203 :204 :205 :206',
        },
        {
          versions: '>=0.157.0 <=0.158.0',
          read: 'v0.158.0',
          tags: '{operatorTag} {operatorTag} 2.30.0 0.78.0 0.64b0 1.16.0 v0.24.0 1.0.4',
          at: 'internal/config/config.go:196 :197 :206 :207 :208 :209 :210 :211',
        },
      ],
    ),
  },
  {
    operator: 'Datadog Operator',
    repository: 'github.com/DataDog/datadog-operator',
    images: ['registry.datadoghq.com/operator', 'gcr.io/datadoghq/operator', 'docker.io/datadog/operator', 'public.ecr.aws/datadog/operator'],
    resources: [{ group: 'datadoghq.com', kind: 'DatadogAgent' }],
    releases: [
      ...readings(
        [
          { image: 'gcr.io/datadoghq/agent:{tag}', unless: { field: 'spec.global.registry', takes: 'prefix' } },
          { image: 'gcr.io/datadoghq/cluster-agent:{tag}', unless: { field: 'spec.global.registry', takes: 'prefix' } },
        ],
        [
          { versions: '1.10.0', read: 'v1.10.0', tags: '7.58.2 7.58.2', at: 'pkg/defaulting/images.go:19 :21' },
          { versions: '>=1.11.0 <=1.11.1', read: 'v1.11.1', tags: '7.60.0 7.60.0', at: 'pkg/defaulting/images.go:19 :21' },
          { versions: '1.12.0', read: 'v1.12.0', tags: '7.62.0 7.62.0', at: 'pkg/defaulting/images.go:19 :21' },
          { versions: '1.12.1', read: 'v1.12.1', tags: '7.62.2 7.62.2', at: 'pkg/defaulting/images.go:19 :21' },
          { versions: '1.13.0', read: 'v1.13.0', tags: '7.63.3 7.63.3', at: 'pkg/defaulting/images.go:19 :21' },
          { versions: '1.14.0', read: 'v1.14.0', tags: '7.64.3 7.64.3', at: 'pkg/defaulting/images.go:19 :21' },
          { versions: '>=1.15.0 <=1.15.1', read: 'v1.15.1', tags: '7.65.2 7.65.2', at: 'pkg/images/images.go:18 :20' },
          { versions: '1.16.0', read: 'v1.16.0', tags: '7.67.0 7.67.0', at: 'pkg/images/images.go:18 :20' },
          { versions: '1.17.0', read: 'v1.17.0', tags: '7.68.2 7.68.2', at: 'pkg/images/images.go:18 :20' },
          { versions: '1.18.0', read: 'v1.18.0', tags: '7.70.0 7.70.0', at: 'pkg/images/images.go:18 :20' },
          { versions: '>=1.19.0 <=1.19.1', read: 'v1.19.1', tags: '7.71.1 7.71.1', at: 'pkg/images/images.go:18 :20' },
          { versions: '1.20.0', read: 'v1.20.0', tags: '7.72.1 7.72.1', at: 'pkg/images/images.go:18 :20' },
          { versions: '1.21.0', read: 'v1.21.0', tags: '7.73.0 7.73.0', at: 'pkg/images/images.go:18 :20' },
          { versions: '1.22.0', read: 'v1.22.0', tags: '7.74.0 7.74.0', at: 'pkg/images/images.go:18 :20' },
          { versions: '>=1.23.0 <=1.23.1', read: 'v1.23.1', tags: '7.75.0 7.75.0', at: 'pkg/images/images.go:18 :20' },
          { versions: '1.24.0', read: 'v1.24.0', tags: '7.76.1 7.76.1', at: 'pkg/images/images.go:18 :20' },
          { versions: '1.25.0', read: 'v1.25.0', tags: '7.77.2 7.77.2', at: 'pkg/images/images.go:18 :20' },
          { versions: '1.26.0', read: 'v1.26.0', tags: '7.78.1 7.78.1', at: 'pkg/images/images.go:19 :21' },
          { versions: '>=1.27.0 <=1.27.1', read: 'v1.27.1', tags: '7.79.2 7.79.2', at: 'pkg/images/images.go:19 :21' },
          { versions: '1.28.0', read: 'v1.28.0', tags: '7.80.2 7.80.2', at: 'pkg/images/images.go:19 :21' },
        ],
      ),
      ...readings(
        [
          { image: 'registry.datadoghq.com/agent:{tag}', unless: { field: 'spec.global.registry', takes: 'prefix' } },
          { image: 'registry.datadoghq.com/cluster-agent:{tag}', unless: { field: 'spec.global.registry', takes: 'prefix' } },
        ],
        [
          { versions: '1.29.0', read: 'v1.29.0', tags: '7.81.2 7.81.2', at: 'pkg/images/images.go:19 :21' },
          { versions: '1.30.0-rc.1', read: 'v1.30.0-rc.1', tags: '7.81.1 7.81.1', at: 'pkg/images/images.go:19 :21' },
        ],
      ),
    ],
  },
  {
    // an InstanaAgent without agent.image / k8s_sensor.image (the chart's values leave both
    // commented out) runs the agent DaemonSet and the k8sensor Deployment from these defaults,
    // read alike at every tag from v2.1.0 to v2.2.15 (api/v1/instanaagent_types.go Default())
    operator: 'Instana agent operator',
    repository: 'github.com/instana/instana-agent-operator',
    images: ['icr.io/instana/instana-agent-operator'],
    resources: [{ group: 'instana.io', kind: 'InstanaAgent' }],
    releases: [
      {
        versions: '>=2.1.0 <=2.2.15',
        read: 'v2.2.15',
        defaults: [
          { image: 'icr.io/instana/agent:latest', at: 'api/v1/instanaagent_types.go:170', per: 'InstanaAgent', unless: { field: 'spec.agent.image.name' } },
          {
            image: 'icr.io/instana/k8sensor:latest',
            at: 'api/v1/instanaagent_types.go:179',
            per: 'InstanaAgent',
            unless: { field: 'spec.k8s_sensor.image.name' },
          },
        ],
      },
    ],
  },
  {
    operator: 'Grafana Agent Operator',
    repository: 'github.com/grafana/agent',
    images: ['docker.io/grafana/agent-operator'],
    resources: [{ group: 'monitoring.grafana.com', kind: 'GrafanaAgent' }],
    // each GrafanaAgent's pods: the agent (DefaultAgentBaseImage and spec.version, else the
    // operator's DefaultAgentVersion) and the config reloader beside it (DefaultConfigReloaderBaseImage
    // and spec.configReloaderVersion, else DefaultConfigReloaderVersion), static/operator/defaults.go
    releases: readings(
      [
        { image: 'docker.io/grafana/agent:{tag}', per: 'GrafanaAgent', unless: { field: 'spec.image' } },
        { image: 'quay.io/prometheus-operator/prometheus-config-reloader:{tag}', per: 'GrafanaAgent', unless: { field: 'spec.configReloaderImage' } },
      ],
      [
        { versions: '0.41.0', read: 'v0.41.0', tags: 'v0.41.0 v0.67.1', at: 'static/operator/resources_pod_template.go:40 :213' },
        { versions: '0.41.1', read: 'v0.41.1', tags: 'v0.41.1 v0.67.1', at: 'static/operator/resources_pod_template.go:40 :213' },
        { versions: '0.42.0', read: 'v0.42.0', tags: 'v0.42.0 v0.67.1', at: 'static/operator/resources_pod_template.go:40 :213' },
        ...['0', '1', '2', '3', '4'].map((p) => ({
          versions: `0.43.${p}`,
          read: `v0.43.${p}`,
          tags: `v0.43.${p} v0.67.1`,
          at: 'static/operator/resources_pod_template.go:40 :213',
        })),
        // v0.44.1 kept v0.44.0's DefaultAgentVersion
        { versions: '>=0.44.0 <=0.44.1', read: 'v0.44.1', tags: 'v0.44.0 v0.67.1', at: 'static/operator/resources_pod_template.go:40 :213' },
        ...['2', '3', '4', '5', '6', '7', '8'].map((p) => ({
          versions: `0.44.${p}`,
          read: `v0.44.${p}`,
          tags: `v0.44.${p} v0.67.1`,
          at: 'static/operator/resources_pod_template.go:40 :213',
        })),
      ],
    ),
  },
  {
    operator: 'Jaeger Operator',
    repository: 'github.com/jaegertracing/jaeger-operator',
    images: ['docker.io/jaegertracing/jaeger-operator'],
    resources: [{ group: 'jaegertracing.io', kind: 'Jaeger' }],
    // a Jaeger resource's default strategy runs the all-in-one image: the --jaeger-all-in-one-image
    // flag (env RELATED_IMAGE_JAEGER_ALL_IN_ONE), whose default repository takes the Jaeger version
    // of versions.txt (util.ImageName, pkg/util/util.go:281); the production strategy's collector and
    // query, and the agent sidecar injected into annotated workloads, are the user's later choices
    releases: readings(
      [
        {
          image: 'docker.io/jaegertracing/all-in-one:{tag}',
          unless: { env: 'RELATED_IMAGE_JAEGER_ALL_IN_ONE', flag: '--jaeger-all-in-one-image', field: 'spec.allInOne.image' },
        },
      ],
      [
        ...['1.51.0', '1.52.0', '1.53.0', '1.54.0', '1.55.0', '1.56.0', '1.57.0', '1.59.0', '1.60.0', '1.61.0', '1.62.0', '1.65.0'].map((v) => ({
          versions: v,
          read: `v${v}`,
          tags: v,
          at: 'pkg/cmd/start/main.go:26',
        })),
        // v1.60.1 kept jaeger=1.60.0 in versions.txt
        { versions: '1.60.1', read: 'v1.60.1', tags: '1.60.0', at: 'pkg/cmd/start/main.go:26' },
      ],
    ),
  },
  {
    operator: 'SkyWalking Cloud on Kubernetes (SWCK)',
    repository: 'github.com/apache/skywalking-swck',
    images: ['docker.io/apache/skywalking-swck'],
    resources: ['OAPServer', 'Satellite', 'BanyanDB', 'EventExporter', 'UI'].map((kind) => ({ group: 'operator.skywalking.apache.org', kind })),
    // the mutating webhooks fill spec.image from spec.version (operator/apis/operator/v1alpha1/*_webhook.go);
    // a UI's repository hangs on spec.kind (horizon by default, booster: skywalking-ui), which
    // the model cannot pick by: not listed
    releases: [{ versions: '>=0.8.0 <=0.10.0', read: 'v0.10.0', defaults: [] }],
    fromResource: [
      ['OAPServer', 'oap-server', 'oapserver_webhook.go:50'],
      ['Satellite', 'satellite', 'satellite_webhook.go:48'],
      ['BanyanDB', 'banyandb', 'banyandb_webhook.go:50'],
      ['EventExporter', 'kubernetes-event-exporter', 'eventexporter_webhook.go:56'],
    ].map(([per, name, at]) => ({
      image: `docker.io/apache/skywalking-${name}:{cr:spec.version}`,
      at: `operator/apis/operator/v1alpha1/${at}`,
      per: per!,
      unless: { field: 'spec.image' },
    })),
  },
];
