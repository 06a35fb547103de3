// Operator defaults (operator-defaults.ts) of the platform operators: observability, GPUs,
// security, networking, backup, compute and applications. Each entry as read from the operator's source.
import { readings, type DefaultShape, type OperatorEntry } from './operator-defaults-model.js';

// VictoriaMetrics Operator's defaults, the config-reloader's override env by release (0.67.0 renamed
// VM_CUSTOMCONFIGRELOADERIMAGE, which 0.64.0 to 0.66.1 read with UseCustomConfigReloader on by default)
const victoriaMetrics = (reloaderEnv: string): DefaultShape[] => [
  { image: 'docker.io/victoriametrics/operator:{tag}', unless: { env: reloaderEnv } },
  { image: 'docker.io/victoriametrics/vmagent:{tag}', unless: { env: 'VM_VMAGENTDEFAULT_IMAGE', takes: 'repository' } },
  { image: 'docker.io/victoriametrics/victoria-metrics:{tag}', unless: { env: 'VM_VMSINGLEDEFAULT_IMAGE', takes: 'repository' } },
  { image: 'docker.io/victoriametrics/vmalert:{tag}', unless: { env: 'VM_VMALERTDEFAULT_IMAGE', takes: 'repository' } },
  { image: 'docker.io/victoriametrics/vmauth:{tag}', unless: { env: 'VM_VMAUTHDEFAULT_IMAGE', takes: 'repository' } },
  { image: 'docker.io/victoriametrics/vmselect:{tag}', unless: { env: 'VM_VMCLUSTERDEFAULT_VMSELECTDEFAULT_IMAGE', takes: 'repository' } },
  { image: 'docker.io/victoriametrics/vmstorage:{tag}', unless: { env: 'VM_VMCLUSTERDEFAULT_VMSTORAGEDEFAULT_IMAGE', takes: 'repository' } },
  { image: 'docker.io/victoriametrics/vminsert:{tag}', unless: { env: 'VM_VMCLUSTERDEFAULT_VMINSERTDEFAULT_IMAGE', takes: 'repository' } },
  { image: 'docker.io/prom/alertmanager:{tag}', unless: { env: 'VM_VMALERTMANAGER_ALERTMANAGERDEFAULTBASEIMAGE', takes: 'repository' } },
  { image: 'docker.io/victoriametrics/victoria-logs:{tag}', unless: { env: 'VM_VLSINGLEDEFAULT_IMAGE', takes: 'repository' } },
  { image: 'docker.io/victoriametrics/vlagent:{tag}', unless: { env: 'VM_VLAGENTDEFAULT_IMAGE', takes: 'repository' } },
  { image: 'docker.io/victoriametrics/victoria-traces:{tag}', unless: { env: 'VM_VTSINGLEDEFAULT_IMAGE', takes: 'repository' } },
  { image: 'docker.io/victoriametrics/vmanomaly:{tag}', unless: { env: 'VM_VMANOMALYDEFAULT_IMAGE', takes: 'repository' } },
  {
    image: 'docker.io/victoriametrics/vmagent:{tag}',
    per: 'VMAgent',
    unless: { env: 'VM_VMAGENTDEFAULT_IMAGE', takes: 'repository', field: 'spec.image.repository' },
  },
  {
    image: 'docker.io/victoriametrics/victoria-metrics:{tag}',
    per: 'VMSingle',
    unless: { env: 'VM_VMSINGLEDEFAULT_IMAGE', takes: 'repository', field: 'spec.image.repository' },
  },
];

export const PLATFORM_OPERATORS: readonly OperatorEntry[] = [
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
    operator: 'Grafana Operator',
    repository: 'github.com/grafana/grafana-operator',
    images: ['ghcr.io/grafana/grafana-operator', 'docker.io/bitnami/grafana-operator'],
    resources: [{ group: 'grafana.integreatly.org', kind: 'Grafana' }],
    // a Grafana whose spec.deployment names the grafana container's image runs that one instead
    // (v1beta1.Merge over the built Deployment, controllers/reconcilers/grafana/deployment_reconciler.go:70)
    releases: readings(
      [
        {
          image: 'docker.io/grafana/grafana:{tag}',
          unless: { env: 'RELATED_IMAGE_GRAFANA', takes: 'digest', field: 'spec.deployment.spec.template.spec.containers[name=grafana].image' },
        },
      ],
      [
        { versions: '>=5.15.0 <=5.15.1', read: 'v5.15.1', tags: '10.4.3', at: 'controllers/config/operator_constants.go:6' },
        { versions: '>=5.16.0 <=5.18.0', read: 'v5.18.0', tags: '11.3.0', at: 'controllers/config/operator_constants.go:6' },
        { versions: '>=5.19.0 <=5.20.0', read: 'v5.20.0', tags: '12.1.0', at: 'controllers/config/operator_constants.go:6' },
        { versions: '>=5.21.0 <=5.21.4', read: 'v5.21.4', tags: '12.3.0', at: 'controllers/config/operator_constants.go:6' },
        { versions: '5.22.0', read: 'v5.22.0', tags: '12.3.3', at: 'controllers/config/operator_constants.go:6' },
        { versions: '>=5.22.1 <=5.22.2', read: 'v5.22.2', tags: '12.4.1', at: 'controllers/config/operator_constants.go:6' },
        { versions: '>=5.23.0 <=5.24.0', read: 'v5.24.0', tags: '13.0.1', at: 'controllers/reconcilers/grafana/deployment_reconciler.go:184' },
      ],
    ),
  },
  {
    operator: 'Kanister',
    repository: 'github.com/kanisterio/kanister',
    images: ['ghcr.io/kanisterio/controller'],
    releases: [
      {
        versions: '>=0.108.0 <=0.119.0',
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
    // a resource that gives only spec.image.tag: the operator fills the repository from its
    // defaults (addDefaultsToCommonParams, internal/controller/operator/factory/build/defaults.go:568-577)
    releases: [
      ...readings(victoriaMetrics('VM_CUSTOMCONFIGRELOADERIMAGE'), [
        {
          versions: '>=0.64.0 <=0.65.0',
          read: 'v0.65.0',
          tags: 'config-reloader-v0.62.0 v1.128.0 v1.128.0 v1.128.0 v1.128.0 v1.128.0-cluster v1.128.0-cluster v1.128.0-cluster v0.28.1 v1.36.1 v1.36.1 v0.4.0 v1.26.1 {cr:spec.image.tag} {cr:spec.image.tag}',
          at: 'internal/config/config.go:115 :237 :281 :209 :391 :303 :318 :335 :357 :169 :149 :189 :259 :237 :281',
        },
        {
          versions: '>=0.66.0 <=0.66.1',
          read: 'v0.66.1',
          tags: 'config-reloader-{operatorTag} v1.131.0 v1.131.0 v1.131.0 v1.131.0 v1.131.0-cluster v1.131.0-cluster v1.131.0-cluster v0.29.0 v1.36.1 v1.36.1 v0.5.0 v1.26.1 {cr:spec.image.tag} {cr:spec.image.tag}',
          at: 'internal/config/config.go:114 :236 :280 :208 :389 :302 :317 :334 :356 :168 :148 :188 :258 :236 :280',
        },
      ]),
      ...readings(victoriaMetrics('VM_CONFIG_RELOADER_IMAGE'), [
        {
          versions: '0.67.0',
          read: 'v0.67.0',
          tags: 'config-reloader-{operatorTag} v1.134.0 v1.134.0 v1.134.0 v1.134.0 v1.134.0-cluster v1.134.0-cluster v1.134.0-cluster v0.29.0 v1.43.1 v1.43.1 v0.7.0 v1.28.5 {cr:spec.image.tag} {cr:spec.image.tag}',
          at: 'internal/config/config.go:110 :215 :249 :192 :350 :268 :283 :300 :317 :158 :141 :175 :232 :215 :249',
        },
        {
          versions: '>=0.68.0 <=0.68.1',
          read: 'v0.68.1',
          tags: 'config-reloader-{operatorTag} v1.136.0 v1.136.0 v1.136.0 v1.136.0 v1.136.0-cluster v1.136.0-cluster v1.136.0-cluster v0.31.0 v1.45.0 v1.45.0 v0.7.0 v1.28.5 {cr:spec.image.tag} {cr:spec.image.tag}',
          at: 'internal/config/config.go:121 :244 :282 :219 :396 :303 :320 :339 :358 :181 :162 :200 :263 :244 :282',
        },
        {
          versions: '>=0.68.2 <=0.68.4',
          read: 'v0.68.4',
          tags: 'config-reloader-{operatorTag} v1.136.0 v1.136.0 v1.136.0 v1.136.0 v1.136.0-cluster v1.136.0-cluster v1.136.0-cluster v0.31.0 v1.47.0 v1.47.0 v0.7.0 v1.28.5 {cr:spec.image.tag} {cr:spec.image.tag}',
          at: 'internal/config/config.go:125 :253 :293 :227 :418 :315 :337 :357 :378 :187 :167 :207 :273 :253 :293',
        },
        {
          versions: '0.68.5',
          read: 'v0.68.5',
          tags: 'config-reloader-{operatorTag} v1.144.0 v1.144.0 v1.144.0 v1.144.0 v1.144.0-cluster v1.144.0-cluster v1.144.0-cluster v0.31.0 v1.50.0 v1.50.0 v0.7.0 v1.29.3 {cr:spec.image.tag} {cr:spec.image.tag}',
          at: 'internal/config/config.go:125 :253 :293 :227 :418 :315 :337 :357 :378 :187 :167 :207 :273 :253 :293',
        },
        {
          versions: '0.68.6',
          read: 'v0.68.6',
          tags: 'config-reloader-{operatorTag} v1.146.0 v1.146.0 v1.146.0 v1.146.0 v1.146.0-cluster v1.146.0-cluster v1.146.0-cluster v0.31.0 v1.51.0 v1.51.0 v0.9.3 v1.29.6 {cr:spec.image.tag} {cr:spec.image.tag}',
          at: 'internal/config/config.go:125 :253 :293 :227 :418 :315 :337 :357 :378 :187 :167 :207 :273 :253 :293',
        },
        {
          versions: '0.68.7',
          read: 'v0.68.7',
          tags: 'config-reloader-{operatorTag} v1.147.0 v1.147.0 v1.147.0 v1.147.0 v1.147.0-cluster v1.147.0-cluster v1.147.0-cluster v0.31.0 v1.51.0 v1.51.0 v0.9.4 v1.29.7 {cr:spec.image.tag} {cr:spec.image.tag}',
          at: 'internal/config/config.go:125 :253 :293 :227 :418 :315 :337 :357 :378 :187 :167 :207 :273 :253 :293',
        },
        {
          versions: '0.69.0',
          read: 'v0.69.0',
          tags: 'config-reloader-{operatorTag} v1.140.0 v1.140.0 v1.140.0 v1.140.0 v1.140.0-cluster v1.140.0-cluster v1.140.0-cluster v0.31.0 v1.50.0 v1.50.0 v0.7.0 v1.29.3 {cr:spec.image.tag} {cr:spec.image.tag}',
          at: 'internal/config/config.go:127 :255 :295 :229 :420 :317 :339 :359 :380 :189 :169 :209 :275 :255 :295',
        },
        {
          versions: '>=0.70.0 <=0.70.1',
          read: 'v0.70.1',
          tags: 'config-reloader-{operatorTag} v1.143.0 v1.143.0 v1.143.0 v1.143.0 v1.143.0-cluster v1.143.0-cluster v1.143.0-cluster v0.31.0 v1.50.0 v1.50.0 v0.7.0 v1.29.3 {cr:spec.image.tag} {cr:spec.image.tag}',
          at: 'internal/config/config.go:127 :255 :295 :229 :420 :317 :339 :359 :380 :189 :169 :209 :275 :255 :295',
        },
        {
          versions: '>=0.71.0 <=0.72.0',
          read: 'v0.72.0',
          tags: 'config-reloader-{operatorTag} v1.145.0 v1.145.0 v1.145.0 v1.145.0 v1.145.0-cluster v1.145.0-cluster v1.145.0-cluster v0.31.0 v1.50.0 v1.50.0 v0.7.0 v1.29.3 {cr:spec.image.tag} {cr:spec.image.tag}',
          at: 'internal/config/config.go:157 :312 :362 :281 :523 :391 :420 :445 :471 :231 :206 :256 :337 :312 :362',
        },
        {
          versions: '>=0.73.0 <=0.73.1',
          read: 'v0.73.1',
          tags: 'config-reloader-{operatorTag} v1.147.0 v1.147.0 v1.147.0 v1.147.0 v1.147.0-cluster v1.147.0-cluster v1.147.0-cluster v0.31.0 v1.51.0 v1.51.0 v0.9.4 v1.29.7 {cr:spec.image.tag} {cr:spec.image.tag}',
          at: 'internal/config/config.go:157 :312 :362 :281 :523 :391 :420 :445 :471 :231 :206 :256 :337 :312 :362',
        },
        {
          versions: '>=0.74.0 <=0.74.1',
          read: 'v0.74.1',
          tags: 'config-reloader-{operatorTag} v1.148.0 v1.148.0 v1.148.0 v1.148.0 v1.148.0-cluster v1.148.0-cluster v1.148.0-cluster v0.31.0 v1.52.0 v1.52.0 v0.10.0 v1.30.0 {cr:spec.image.tag} {cr:spec.image.tag}',
          at: 'internal/config/config.go:159 :314 :364 :283 :525 :393 :422 :447 :473 :233 :208 :258 :339 :314 :364',
        },
      ]),
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
    operator: 'Mattermost Operator',
    repository: 'github.com/mattermost/mattermost-operator',
    images: ['docker.io/mattermost/mattermost-operator'],
    resources: [{ group: 'installation.mattermost.com', kind: 'Mattermost' }],
    // a Mattermost left to defaults (SetDefaults, apis/mattermost/v1beta1/mattermost_utils.go:64-67)
    // with the operator-managed MySQL and MinIO; postgres:13 (pkg/mattermost/database_external.go:124)
    // only with an external PostgreSQL, not listed
    releases: readings(
      [
        // GetImageName joins spec.image and spec.version (mattermost_utils.go:238-247)
        { image: 'docker.io/mattermost/mattermost-enterprise-edition:{tag}', unless: { field: 'spec.image', takes: 'repository' } },
        { image: 'docker.io/appropriate/curl:{tag}' },
        { image: 'docker.io/minio/mc:{tag}' },
      ],
      [
        {
          versions: '>=1.22.0 <=1.22.1',
          read: 'v1.22.1',
          tags: '9.7.3 latest latest',
          at: 'apis/mattermost/v1beta1/mattermost_utils.go:22 pkg/mattermost/database_mysql.go:89 pkg/mattermost/file_store.go:122',
        },
        {
          versions: '1.23.0',
          read: 'v1.23.0',
          tags: '10.6.1 latest latest',
          at: 'apis/mattermost/v1beta1/mattermost_utils.go:22 pkg/mattermost/database_mysql.go:89 pkg/mattermost/file_store.go:122',
        },
        {
          versions: '>=1.24.0 <=1.25.9',
          read: 'v1.25.9',
          tags: '10.8.1 latest RELEASE.2025-04-16T18-13-26Z',
          at: 'apis/mattermost/v1beta1/mattermost_utils.go:245 pkg/mattermost/database_mysql.go:89 pkg/mattermost/file_store.go:122',
        },
      ],
    ),
  },
  {
    operator: 'Spark Kubernetes Operator',
    repository: 'github.com/apache/spark-kubernetes-operator',
    images: ['docker.io/apache/spark-kubernetes-operator'],
    resources: [{ group: 'spark.apache.org', kind: 'SparkCluster' }],
    // the development build of this commit (the chart's appVersion)
    // a SparkCluster without spark.kubernetes.container.image in spec.sparkConf
    releases: readings(
      [{ image: 'docker.io/apache/spark:{tag}' }],
      [
        {
          versions: '>=0.1.0 <=0.2.0',
          read: '0.2.0',
          tags: '4.0.0-preview2',
          at: 'spark-submission-worker/src/main/java/org/apache/spark/k8s/operator/SparkClusterResourceSpec.java:62',
        },
        {
          versions: '>=0.3.0 <=0.4.0',
          read: '0.4.0',
          tags: '4.0.0',
          at: 'spark-submission-worker/src/main/java/org/apache/spark/k8s/operator/SparkClusterResourceSpec.java:62',
        },
        {
          versions: '>=0.5.0 <=0.6.0',
          read: '0.6.0',
          tags: '4.0.1',
          at: 'spark-submission-worker/src/main/java/org/apache/spark/k8s/operator/SparkClusterResourceSpec.java:68',
        },
        {
          versions: '>=0.7.0 <=0.9.0',
          read: '0.9.0',
          tags: '4.1.1',
          at: 'spark-submission-worker/src/main/java/org/apache/spark/k8s/operator/SparkClusterResourceSpec.java:72',
        },
        {
          versions: '1.0.0',
          read: '1.0.0',
          tags: '4.2.0',
          at: 'spark-submission-worker/src/main/java/org/apache/spark/k8s/operator/SparkClusterResourceSpec.java:72',
        },
        {
          versions: '1.1.0-SNAPSHOT',
          read: 'd5acafd24a0cd9cf225026bbdbcb0775d73ffe8f',
          tags: '4.2.0',
          at: 'spark-submission-worker/src/main/java/org/apache/spark/k8s/operator/SparkClusterResourceSpec.java:72',
        },
      ],
    ),
  },
  {
    operator: 'Sveltos classifier',
    repository: 'github.com/projectsveltos/classifier',
    images: ['docker.io/projectsveltos/classifier'],
    releases: [
      {
        versions: '1.12.0',
        read: 'v1.12.0',
        // the sveltos-agent it deploys into every cluster it manages (the chart's job registers the
        // management cluster); --registry replaces docker.io in its manifest (controllers/classifier_deployer.go:1652)
        defaults: [
          {
            image: 'docker.io/projectsveltos/sveltos-agent@sha256:b18a2406827cf94d23720ffb1f445bfb2a9b2e0ac920759be49926f71d10c18d',
            at: 'pkg/agent/sveltos-agent.yaml:206',
            unless: { flag: '--registry', takes: 'registry' },
          },
        ],
      },
    ],
  },
  {
    operator: 'Kong Gateway Operator',
    repository: 'github.com/Kong/gateway-operator',
    images: ['docker.io/kong/gateway-operator'],
    resources: [
      { group: 'gateway-operator.konghq.com', kind: 'DataPlane' },
      { group: 'gateway-operator.konghq.com', kind: 'ControlPlane' },
    ],
    releases: [
      {
        versions: '1.6.2',
        read: 'v1.6.2',
        // a Gateway, DataPlane or ControlPlane that names no image runs these
        defaults: [
          { image: 'docker.io/library/kong:3.9', at: 'pkg/consts/dataplane.go:103' },
          { image: 'docker.io/kong/kubernetes-ingress-controller:3.4.8', at: 'pkg/consts/controlplane.go:36' },
        ],
      },
    ],
  },
];
