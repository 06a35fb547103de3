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
        versions: '1.10.0',
        read: 'v1.10.0',
        defaults: [
          { image: 'gcr.io/datadoghq/agent:7.58.2', at: 'pkg/defaulting/images.go:19', unless: { field: 'spec.global.registry' } },
          { image: 'gcr.io/datadoghq/cluster-agent:7.58.2', at: 'pkg/defaulting/images.go:21', unless: { field: 'spec.global.registry' } },
        ],
      },
      {
        versions: '>=1.11.0 <=1.11.1',
        read: 'v1.11.1',
        defaults: [
          { image: 'gcr.io/datadoghq/agent:7.60.0', at: 'pkg/defaulting/images.go:19', unless: { field: 'spec.global.registry' } },
          { image: 'gcr.io/datadoghq/cluster-agent:7.60.0', at: 'pkg/defaulting/images.go:21', unless: { field: 'spec.global.registry' } },
        ],
      },
      {
        versions: '1.12.0',
        read: 'v1.12.0',
        defaults: [
          { image: 'gcr.io/datadoghq/agent:7.62.0', at: 'pkg/defaulting/images.go:19', unless: { field: 'spec.global.registry' } },
          { image: 'gcr.io/datadoghq/cluster-agent:7.62.0', at: 'pkg/defaulting/images.go:21', unless: { field: 'spec.global.registry' } },
        ],
      },
      {
        versions: '1.12.1',
        read: 'v1.12.1',
        defaults: [
          { image: 'gcr.io/datadoghq/agent:7.62.2', at: 'pkg/defaulting/images.go:19', unless: { field: 'spec.global.registry' } },
          { image: 'gcr.io/datadoghq/cluster-agent:7.62.2', at: 'pkg/defaulting/images.go:21', unless: { field: 'spec.global.registry' } },
        ],
      },
      {
        versions: '1.13.0',
        read: 'v1.13.0',
        defaults: [
          { image: 'gcr.io/datadoghq/agent:7.63.3', at: 'pkg/defaulting/images.go:19', unless: { field: 'spec.global.registry' } },
          { image: 'gcr.io/datadoghq/cluster-agent:7.63.3', at: 'pkg/defaulting/images.go:21', unless: { field: 'spec.global.registry' } },
        ],
      },
      {
        versions: '1.14.0',
        read: 'v1.14.0',
        defaults: [
          { image: 'gcr.io/datadoghq/agent:7.64.3', at: 'pkg/defaulting/images.go:19', unless: { field: 'spec.global.registry' } },
          { image: 'gcr.io/datadoghq/cluster-agent:7.64.3', at: 'pkg/defaulting/images.go:21', unless: { field: 'spec.global.registry' } },
        ],
      },
      {
        versions: '>=1.15.0 <=1.15.1',
        read: 'v1.15.1',
        defaults: [
          { image: 'gcr.io/datadoghq/agent:7.65.2', at: 'pkg/images/images.go:18', unless: { field: 'spec.global.registry' } },
          { image: 'gcr.io/datadoghq/cluster-agent:7.65.2', at: 'pkg/images/images.go:20', unless: { field: 'spec.global.registry' } },
        ],
      },
      {
        versions: '1.16.0',
        read: 'v1.16.0',
        defaults: [
          { image: 'gcr.io/datadoghq/agent:7.67.0', at: 'pkg/images/images.go:18', unless: { field: 'spec.global.registry' } },
          { image: 'gcr.io/datadoghq/cluster-agent:7.67.0', at: 'pkg/images/images.go:20', unless: { field: 'spec.global.registry' } },
        ],
      },
      {
        versions: '1.17.0',
        read: 'v1.17.0',
        defaults: [
          { image: 'gcr.io/datadoghq/agent:7.68.2', at: 'pkg/images/images.go:18', unless: { field: 'spec.global.registry' } },
          { image: 'gcr.io/datadoghq/cluster-agent:7.68.2', at: 'pkg/images/images.go:20', unless: { field: 'spec.global.registry' } },
        ],
      },
      {
        versions: '1.18.0',
        read: 'v1.18.0',
        defaults: [
          { image: 'gcr.io/datadoghq/agent:7.70.0', at: 'pkg/images/images.go:18', unless: { field: 'spec.global.registry' } },
          { image: 'gcr.io/datadoghq/cluster-agent:7.70.0', at: 'pkg/images/images.go:20', unless: { field: 'spec.global.registry' } },
        ],
      },
      {
        versions: '>=1.19.0 <=1.19.1',
        read: 'v1.19.1',
        defaults: [
          { image: 'gcr.io/datadoghq/agent:7.71.1', at: 'pkg/images/images.go:18', unless: { field: 'spec.global.registry' } },
          { image: 'gcr.io/datadoghq/cluster-agent:7.71.1', at: 'pkg/images/images.go:20', unless: { field: 'spec.global.registry' } },
        ],
      },
      {
        versions: '1.20.0',
        read: 'v1.20.0',
        defaults: [
          { image: 'gcr.io/datadoghq/agent:7.72.1', at: 'pkg/images/images.go:18', unless: { field: 'spec.global.registry' } },
          { image: 'gcr.io/datadoghq/cluster-agent:7.72.1', at: 'pkg/images/images.go:20', unless: { field: 'spec.global.registry' } },
        ],
      },
      {
        versions: '1.21.0',
        read: 'v1.21.0',
        defaults: [
          { image: 'gcr.io/datadoghq/agent:7.73.0', at: 'pkg/images/images.go:18', unless: { field: 'spec.global.registry' } },
          { image: 'gcr.io/datadoghq/cluster-agent:7.73.0', at: 'pkg/images/images.go:20', unless: { field: 'spec.global.registry' } },
        ],
      },
      {
        versions: '1.22.0',
        read: 'v1.22.0',
        defaults: [
          { image: 'gcr.io/datadoghq/agent:7.74.0', at: 'pkg/images/images.go:18', unless: { field: 'spec.global.registry' } },
          { image: 'gcr.io/datadoghq/cluster-agent:7.74.0', at: 'pkg/images/images.go:20', unless: { field: 'spec.global.registry' } },
        ],
      },
      {
        versions: '>=1.23.0 <=1.23.1',
        read: 'v1.23.1',
        defaults: [
          { image: 'gcr.io/datadoghq/agent:7.75.0', at: 'pkg/images/images.go:18', unless: { field: 'spec.global.registry' } },
          { image: 'gcr.io/datadoghq/cluster-agent:7.75.0', at: 'pkg/images/images.go:20', unless: { field: 'spec.global.registry' } },
        ],
      },
      {
        versions: '1.24.0',
        read: 'v1.24.0',
        defaults: [
          { image: 'gcr.io/datadoghq/agent:7.76.1', at: 'pkg/images/images.go:18', unless: { field: 'spec.global.registry' } },
          { image: 'gcr.io/datadoghq/cluster-agent:7.76.1', at: 'pkg/images/images.go:20', unless: { field: 'spec.global.registry' } },
        ],
      },
      {
        versions: '1.25.0',
        read: 'v1.25.0',
        defaults: [
          { image: 'gcr.io/datadoghq/agent:7.77.2', at: 'pkg/images/images.go:18', unless: { field: 'spec.global.registry' } },
          { image: 'gcr.io/datadoghq/cluster-agent:7.77.2', at: 'pkg/images/images.go:20', unless: { field: 'spec.global.registry' } },
        ],
      },
      {
        versions: '1.26.0',
        read: 'v1.26.0',
        defaults: [
          { image: 'gcr.io/datadoghq/agent:7.78.1', at: 'pkg/images/images.go:19', unless: { field: 'spec.global.registry' } },
          { image: 'gcr.io/datadoghq/cluster-agent:7.78.1', at: 'pkg/images/images.go:21', unless: { field: 'spec.global.registry' } },
        ],
      },
      {
        versions: '>=1.27.0 <=1.27.1',
        read: 'v1.27.1',
        defaults: [
          { image: 'gcr.io/datadoghq/agent:7.79.2', at: 'pkg/images/images.go:19', unless: { field: 'spec.global.registry' } },
          { image: 'gcr.io/datadoghq/cluster-agent:7.79.2', at: 'pkg/images/images.go:21', unless: { field: 'spec.global.registry' } },
        ],
      },
      {
        versions: '1.28.0',
        read: 'v1.28.0',
        defaults: [
          { image: 'gcr.io/datadoghq/agent:7.80.2', at: 'pkg/images/images.go:19', unless: { field: 'spec.global.registry' } },
          { image: 'gcr.io/datadoghq/cluster-agent:7.80.2', at: 'pkg/images/images.go:21', unless: { field: 'spec.global.registry' } },
        ],
      },
      {
        versions: '1.29.0',
        read: 'v1.29.0',
        defaults: [
          { image: 'registry.datadoghq.com/agent:7.81.2', at: 'pkg/images/images.go:19', unless: { field: 'spec.global.registry' } },
          { image: 'registry.datadoghq.com/cluster-agent:7.81.2', at: 'pkg/images/images.go:21', unless: { field: 'spec.global.registry' } },
        ],
      },
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
    operator: 'Grafana Operator',
    repository: 'github.com/grafana/grafana-operator',
    images: ['ghcr.io/grafana/grafana-operator', 'docker.io/bitnami/grafana-operator'],
    resources: [{ group: 'grafana.integreatly.org', kind: 'Grafana' }],
    releases: [
      {
        versions: '>=5.15.0 <=5.15.1',
        read: 'v5.15.1',
        defaults: [
          {
            image: 'docker.io/grafana/grafana:10.4.3',
            at: 'controllers/config/operator_constants.go:6',
            unless: { env: 'RELATED_IMAGE_GRAFANA', takes: 'digest' },
          },
        ],
      },
      {
        versions: '>=5.16.0 <=5.18.0',
        read: 'v5.18.0',
        defaults: [
          {
            image: 'docker.io/grafana/grafana:11.3.0',
            at: 'controllers/config/operator_constants.go:6',
            unless: { env: 'RELATED_IMAGE_GRAFANA', takes: 'digest' },
          },
        ],
      },
      {
        versions: '>=5.19.0 <=5.20.0',
        read: 'v5.20.0',
        defaults: [
          {
            image: 'docker.io/grafana/grafana:12.1.0',
            at: 'controllers/config/operator_constants.go:6',
            unless: { env: 'RELATED_IMAGE_GRAFANA', takes: 'digest' },
          },
        ],
      },
      {
        versions: '>=5.21.0 <=5.21.4',
        read: 'v5.21.4',
        defaults: [
          {
            image: 'docker.io/grafana/grafana:12.3.0',
            at: 'controllers/config/operator_constants.go:6',
            unless: { env: 'RELATED_IMAGE_GRAFANA', takes: 'digest' },
          },
        ],
      },
      {
        versions: '5.22.0',
        read: 'v5.22.0',
        defaults: [
          {
            image: 'docker.io/grafana/grafana:12.3.3',
            at: 'controllers/config/operator_constants.go:6',
            unless: { env: 'RELATED_IMAGE_GRAFANA', takes: 'digest' },
          },
        ],
      },
      {
        versions: '>=5.22.1 <=5.22.2',
        read: 'v5.22.2',
        defaults: [
          {
            image: 'docker.io/grafana/grafana:12.4.1',
            at: 'controllers/config/operator_constants.go:6',
            unless: { env: 'RELATED_IMAGE_GRAFANA', takes: 'digest' },
          },
        ],
      },
      {
        versions: '>=5.23.0 <=5.24.0',
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
    releases: [
      {
        versions: '0.110.0',
        read: 'v0.110.0',
        defaults: [
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/target-allocator:{operatorTag}',
            at: 'main.go:167',
            unless: { flag: '--target-allocator-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/operator-opamp-bridge:{operatorTag}',
            at: 'main.go:168',
            unless: { flag: '--operator-opamp-bridge-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-java:1.33.5',
            at: 'main.go:169',
            unless: { flag: '--auto-instrumentation-java-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-nodejs:0.52.1',
            at: 'main.go:170',
            unless: { flag: '--auto-instrumentation-nodejs-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-python:0.48b0',
            at: 'main.go:171',
            unless: { flag: '--auto-instrumentation-python-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-dotnet:1.2.0',
            at: 'main.go:172',
            unless: { flag: '--auto-instrumentation-dotnet-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-go-instrumentation/autoinstrumentation-go:v0.14.0-alpha',
            at: 'main.go:173',
            unless: { flag: '--auto-instrumentation-go-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-apache-httpd:1.0.4',
            at: 'main.go:174',
            unless: { flag: '--auto-instrumentation-apache-httpd-image' },
          },
        ],
      },
      {
        versions: '>=0.111.0 <=0.112.0',
        read: 'v0.112.0',
        defaults: [
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/target-allocator:{operatorTag}',
            at: 'main.go:169',
            unless: { flag: '--target-allocator-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/operator-opamp-bridge:{operatorTag}',
            at: 'main.go:170',
            unless: { flag: '--operator-opamp-bridge-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-java:1.33.5',
            at: 'main.go:171',
            unless: { flag: '--auto-instrumentation-java-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-nodejs:0.53.0',
            at: 'main.go:172',
            unless: { flag: '--auto-instrumentation-nodejs-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-python:0.48b0',
            at: 'main.go:173',
            unless: { flag: '--auto-instrumentation-python-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-dotnet:1.2.0',
            at: 'main.go:174',
            unless: { flag: '--auto-instrumentation-dotnet-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-go-instrumentation/autoinstrumentation-go:v0.15.0-alpha',
            at: 'main.go:175',
            unless: { flag: '--auto-instrumentation-go-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-apache-httpd:1.0.4',
            at: 'main.go:176',
            unless: { flag: '--auto-instrumentation-apache-httpd-image' },
          },
        ],
      },
      {
        versions: '0.113.0',
        read: 'v0.113.0',
        defaults: [
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/target-allocator:{operatorTag}',
            at: 'main.go:170',
            unless: { flag: '--target-allocator-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/operator-opamp-bridge:{operatorTag}',
            at: 'main.go:171',
            unless: { flag: '--operator-opamp-bridge-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-java:1.33.5',
            at: 'main.go:172',
            unless: { flag: '--auto-instrumentation-java-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-nodejs:0.53.0',
            at: 'main.go:173',
            unless: { flag: '--auto-instrumentation-nodejs-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-python:0.48b0',
            at: 'main.go:174',
            unless: { flag: '--auto-instrumentation-python-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-dotnet:1.2.0',
            at: 'main.go:175',
            unless: { flag: '--auto-instrumentation-dotnet-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-go-instrumentation/autoinstrumentation-go:v0.17.0-alpha',
            at: 'main.go:176',
            unless: { flag: '--auto-instrumentation-go-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-apache-httpd:1.0.4',
            at: 'main.go:177',
            unless: { flag: '--auto-instrumentation-apache-httpd-image' },
          },
        ],
      },
      {
        versions: '0.113.1',
        read: 'v0.113.1',
        defaults: [
          { image: 'ghcr.io/open-telemetry/opentelemetry-operator/target-allocator:0.114.0', at: 'main.go:170', unless: { flag: '--target-allocator-image' } },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/operator-opamp-bridge:0.114.0',
            at: 'main.go:171',
            unless: { flag: '--operator-opamp-bridge-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-java:1.33.5',
            at: 'main.go:172',
            unless: { flag: '--auto-instrumentation-java-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-nodejs:0.53.0',
            at: 'main.go:173',
            unless: { flag: '--auto-instrumentation-nodejs-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-python:0.48b0',
            at: 'main.go:174',
            unless: { flag: '--auto-instrumentation-python-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-dotnet:1.2.0',
            at: 'main.go:175',
            unless: { flag: '--auto-instrumentation-dotnet-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-go-instrumentation/autoinstrumentation-go:v0.17.0-alpha',
            at: 'main.go:176',
            unless: { flag: '--auto-instrumentation-go-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-apache-httpd:1.0.4',
            at: 'main.go:177',
            unless: { flag: '--auto-instrumentation-apache-httpd-image' },
          },
        ],
      },
      {
        versions: '>=0.114.0 <=0.114.1',
        read: 'v0.114.1',
        defaults: [
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/target-allocator:{operatorTag}',
            at: 'main.go:170',
            unless: { flag: '--target-allocator-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/operator-opamp-bridge:{operatorTag}',
            at: 'main.go:171',
            unless: { flag: '--operator-opamp-bridge-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-java:1.33.5',
            at: 'main.go:172',
            unless: { flag: '--auto-instrumentation-java-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-nodejs:0.53.0',
            at: 'main.go:173',
            unless: { flag: '--auto-instrumentation-nodejs-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-python:0.48b0',
            at: 'main.go:174',
            unless: { flag: '--auto-instrumentation-python-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-dotnet:1.2.0',
            at: 'main.go:175',
            unless: { flag: '--auto-instrumentation-dotnet-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-go-instrumentation/autoinstrumentation-go:v0.17.0-alpha',
            at: 'main.go:176',
            unless: { flag: '--auto-instrumentation-go-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-apache-httpd:1.0.4',
            at: 'main.go:177',
            unless: { flag: '--auto-instrumentation-apache-httpd-image' },
          },
        ],
      },
      {
        versions: '0.115.0',
        read: 'v0.115.0',
        defaults: [
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/target-allocator:{operatorTag}',
            at: 'main.go:170',
            unless: { flag: '--target-allocator-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/operator-opamp-bridge:{operatorTag}',
            at: 'main.go:171',
            unless: { flag: '--operator-opamp-bridge-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-java:1.33.5',
            at: 'main.go:172',
            unless: { flag: '--auto-instrumentation-java-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-nodejs:0.53.0',
            at: 'main.go:173',
            unless: { flag: '--auto-instrumentation-nodejs-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-python:0.48b0',
            at: 'main.go:174',
            unless: { flag: '--auto-instrumentation-python-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-dotnet:1.2.0',
            at: 'main.go:175',
            unless: { flag: '--auto-instrumentation-dotnet-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-go-instrumentation/autoinstrumentation-go:v0.19.0-alpha',
            at: 'main.go:176',
            unless: { flag: '--auto-instrumentation-go-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-apache-httpd:1.0.4',
            at: 'main.go:177',
            unless: { flag: '--auto-instrumentation-apache-httpd-image' },
          },
        ],
      },
      {
        versions: '>=0.116.0 <=0.118.0',
        read: 'v0.118.0',
        defaults: [
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/target-allocator:{operatorTag}',
            at: 'main.go:159',
            unless: { flag: '--target-allocator-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/operator-opamp-bridge:{operatorTag}',
            at: 'main.go:160',
            unless: { flag: '--operator-opamp-bridge-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-java:1.33.6',
            at: 'main.go:161',
            unless: { flag: '--auto-instrumentation-java-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-nodejs:0.53.0',
            at: 'main.go:162',
            unless: { flag: '--auto-instrumentation-nodejs-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-python:0.50b0',
            at: 'main.go:163',
            unless: { flag: '--auto-instrumentation-python-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-dotnet:1.2.0',
            at: 'main.go:164',
            unless: { flag: '--auto-instrumentation-dotnet-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-go-instrumentation/autoinstrumentation-go:v0.19.0-alpha',
            at: 'main.go:165',
            unless: { flag: '--auto-instrumentation-go-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-apache-httpd:1.0.4',
            at: 'main.go:166',
            unless: { flag: '--auto-instrumentation-apache-httpd-image' },
          },
        ],
      },
      {
        versions: '>=0.119.0 <=0.121.0',
        read: 'v0.121.0',
        defaults: [
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/target-allocator:{operatorTag}',
            at: 'main.go:160',
            unless: { flag: '--target-allocator-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/operator-opamp-bridge:{operatorTag}',
            at: 'main.go:161',
            unless: { flag: '--operator-opamp-bridge-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-java:1.33.6',
            at: 'main.go:162',
            unless: { flag: '--auto-instrumentation-java-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-nodejs:0.53.0',
            at: 'main.go:163',
            unless: { flag: '--auto-instrumentation-nodejs-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-python:0.51b0',
            at: 'main.go:164',
            unless: { flag: '--auto-instrumentation-python-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-dotnet:1.2.0',
            at: 'main.go:165',
            unless: { flag: '--auto-instrumentation-dotnet-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-go-instrumentation/autoinstrumentation-go:v0.19.0-alpha',
            at: 'main.go:166',
            unless: { flag: '--auto-instrumentation-go-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-apache-httpd:1.0.4',
            at: 'main.go:167',
            unless: { flag: '--auto-instrumentation-apache-httpd-image' },
          },
        ],
      },
      {
        versions: '0.122.0',
        read: 'v0.122.0',
        defaults: [
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/target-allocator:{operatorTag}',
            at: 'main.go:160',
            unless: { flag: '--target-allocator-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/operator-opamp-bridge:{operatorTag}',
            at: 'main.go:161',
            unless: { flag: '--operator-opamp-bridge-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-java:1.33.6',
            at: 'main.go:162',
            unless: { flag: '--auto-instrumentation-java-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-nodejs:0.56.0',
            at: 'main.go:163',
            unless: { flag: '--auto-instrumentation-nodejs-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-python:0.51b0',
            at: 'main.go:164',
            unless: { flag: '--auto-instrumentation-python-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-dotnet:1.2.0',
            at: 'main.go:165',
            unless: { flag: '--auto-instrumentation-dotnet-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-go-instrumentation/autoinstrumentation-go:v0.19.0-alpha',
            at: 'main.go:166',
            unless: { flag: '--auto-instrumentation-go-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-apache-httpd:1.0.4',
            at: 'main.go:167',
            unless: { flag: '--auto-instrumentation-apache-httpd-image' },
          },
        ],
      },
      {
        versions: '0.123.0',
        read: 'v0.123.0',
        defaults: [
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/target-allocator:{operatorTag}',
            at: 'main.go:160',
            unless: { flag: '--target-allocator-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/operator-opamp-bridge:{operatorTag}',
            at: 'main.go:161',
            unless: { flag: '--operator-opamp-bridge-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-java:1.33.6',
            at: 'main.go:162',
            unless: { flag: '--auto-instrumentation-java-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-nodejs:0.57.1',
            at: 'main.go:163',
            unless: { flag: '--auto-instrumentation-nodejs-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-python:0.51b0',
            at: 'main.go:164',
            unless: { flag: '--auto-instrumentation-python-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-dotnet:1.2.0',
            at: 'main.go:165',
            unless: { flag: '--auto-instrumentation-dotnet-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-go-instrumentation/autoinstrumentation-go:v0.19.0-alpha',
            at: 'main.go:166',
            unless: { flag: '--auto-instrumentation-go-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-apache-httpd:1.0.4',
            at: 'main.go:167',
            unless: { flag: '--auto-instrumentation-apache-httpd-image' },
          },
        ],
      },
      {
        versions: '0.124.0',
        read: 'v0.124.0',
        defaults: [
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/target-allocator:{operatorTag}',
            at: 'main.go:159',
            unless: { flag: '--target-allocator-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/operator-opamp-bridge:{operatorTag}',
            at: 'main.go:160',
            unless: { flag: '--operator-opamp-bridge-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-java:1.33.6',
            at: 'main.go:161',
            unless: { flag: '--auto-instrumentation-java-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-nodejs:0.58.0',
            at: 'main.go:162',
            unless: { flag: '--auto-instrumentation-nodejs-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-python:0.53b1',
            at: 'main.go:163',
            unless: { flag: '--auto-instrumentation-python-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-dotnet:1.2.0',
            at: 'main.go:164',
            unless: { flag: '--auto-instrumentation-dotnet-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-go-instrumentation/autoinstrumentation-go:v0.19.0-alpha',
            at: 'main.go:165',
            unless: { flag: '--auto-instrumentation-go-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-apache-httpd:1.0.4',
            at: 'main.go:166',
            unless: { flag: '--auto-instrumentation-apache-httpd-image' },
          },
        ],
      },
      {
        versions: '0.125.0',
        read: 'v0.125.0',
        defaults: [
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/target-allocator:{operatorTag}',
            at: 'main.go:157',
            unless: { flag: '--target-allocator-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/operator-opamp-bridge:{operatorTag}',
            at: 'main.go:158',
            unless: { flag: '--operator-opamp-bridge-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-java:1.33.6',
            at: 'main.go:159',
            unless: { flag: '--auto-instrumentation-java-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-nodejs:0.58.1',
            at: 'main.go:160',
            unless: { flag: '--auto-instrumentation-nodejs-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-python:0.53b1',
            at: 'main.go:161',
            unless: { flag: '--auto-instrumentation-python-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-dotnet:1.2.0',
            at: 'main.go:162',
            unless: { flag: '--auto-instrumentation-dotnet-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-go-instrumentation/autoinstrumentation-go:v0.19.0-alpha',
            at: 'main.go:163',
            unless: { flag: '--auto-instrumentation-go-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-apache-httpd:1.0.4',
            at: 'main.go:164',
            unless: { flag: '--auto-instrumentation-apache-httpd-image' },
          },
        ],
      },
      {
        versions: '>=0.126.0 <=0.129.1',
        read: 'v0.129.1',
        defaults: [
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/target-allocator:{operatorTag}',
            at: 'internal/config/config.go:140',
            unless: { flag: '--target-allocator-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/operator-opamp-bridge:{operatorTag}',
            at: 'internal/config/config.go:141',
            unless: { flag: '--operator-opamp-bridge-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-java:1.33.6',
            at: 'internal/config/config.go:150',
            unless: { flag: '--auto-instrumentation-java-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-nodejs:0.58.1',
            at: 'internal/config/config.go:151',
            unless: { flag: '--auto-instrumentation-nodejs-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-python:0.54b1',
            at: 'internal/config/config.go:152',
            unless: { flag: '--auto-instrumentation-python-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-dotnet:1.2.0',
            at: 'internal/config/config.go:153',
            unless: { flag: '--auto-instrumentation-dotnet-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-go-instrumentation/autoinstrumentation-go:v0.21.0',
            at: 'internal/config/config.go:154',
            unless: { flag: '--auto-instrumentation-go-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-apache-httpd:1.0.4',
            at: 'internal/config/config.go:155',
            unless: { flag: '--auto-instrumentation-apache-httpd-image' },
          },
        ],
      },
      {
        versions: '0.131.0',
        read: 'v0.131.0',
        defaults: [
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/target-allocator:{operatorTag}',
            at: 'internal/config/config.go:140',
            unless: { flag: '--target-allocator-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/operator-opamp-bridge:{operatorTag}',
            at: 'internal/config/config.go:141',
            unless: { flag: '--operator-opamp-bridge-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-java:1.33.6',
            at: 'internal/config/config.go:150',
            unless: { flag: '--auto-instrumentation-java-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-nodejs:0.62.0',
            at: 'internal/config/config.go:151',
            unless: { flag: '--auto-instrumentation-nodejs-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-python:0.57b0',
            at: 'internal/config/config.go:152',
            unless: { flag: '--auto-instrumentation-python-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-dotnet:1.2.0',
            at: 'internal/config/config.go:153',
            unless: { flag: '--auto-instrumentation-dotnet-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-go-instrumentation/autoinstrumentation-go:v0.22.1',
            at: 'internal/config/config.go:154',
            unless: { flag: '--auto-instrumentation-go-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-apache-httpd:1.0.4',
            at: 'internal/config/config.go:155',
            unless: { flag: '--auto-instrumentation-apache-httpd-image' },
          },
        ],
      },
      {
        versions: '0.132.0',
        read: 'v0.132.0',
        defaults: [
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/target-allocator:{operatorTag}',
            at: 'internal/config/config.go:148',
            unless: { flag: '--target-allocator-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/operator-opamp-bridge:{operatorTag}',
            at: 'internal/config/config.go:149',
            unless: { flag: '--operator-opamp-bridge-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-java:1.33.6',
            at: 'internal/config/config.go:158',
            unless: { flag: '--auto-instrumentation-java-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-nodejs:0.62.2',
            at: 'internal/config/config.go:159',
            unless: { flag: '--auto-instrumentation-nodejs-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-python:0.57b0',
            at: 'internal/config/config.go:160',
            unless: { flag: '--auto-instrumentation-python-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-dotnet:1.2.0',
            at: 'internal/config/config.go:161',
            unless: { flag: '--auto-instrumentation-dotnet-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-go-instrumentation/autoinstrumentation-go:v0.22.1',
            at: 'internal/config/config.go:162',
            unless: { flag: '--auto-instrumentation-go-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-apache-httpd:1.0.4',
            at: 'internal/config/config.go:163',
            unless: { flag: '--auto-instrumentation-apache-httpd-image' },
          },
        ],
      },
      {
        versions: '>=0.134.0 <=0.135.0',
        read: 'v0.135.0',
        defaults: [
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/target-allocator:{operatorTag}',
            at: 'internal/config/config.go:148',
            unless: { flag: '--target-allocator-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/operator-opamp-bridge:{operatorTag}',
            at: 'internal/config/config.go:149',
            unless: { flag: '--operator-opamp-bridge-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-java:1.33.6',
            at: 'internal/config/config.go:158',
            unless: { flag: '--auto-instrumentation-java-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-nodejs:0.63.0',
            at: 'internal/config/config.go:159',
            unless: { flag: '--auto-instrumentation-nodejs-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-python:0.58b0',
            at: 'internal/config/config.go:160',
            unless: { flag: '--auto-instrumentation-python-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-dotnet:1.2.0',
            at: 'internal/config/config.go:161',
            unless: { flag: '--auto-instrumentation-dotnet-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-go-instrumentation/autoinstrumentation-go:v0.22.1',
            at: 'internal/config/config.go:162',
            unless: { flag: '--auto-instrumentation-go-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-apache-httpd:1.0.4',
            at: 'internal/config/config.go:163',
            unless: { flag: '--auto-instrumentation-apache-httpd-image' },
          },
        ],
      },
      {
        versions: '0.136.0',
        read: 'v0.136.0',
        defaults: [
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/target-allocator:{operatorTag}',
            at: 'internal/config/config.go:148',
            unless: { flag: '--target-allocator-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/operator-opamp-bridge:{operatorTag}',
            at: 'internal/config/config.go:149',
            unless: { flag: '--operator-opamp-bridge-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-java:1.33.6',
            at: 'internal/config/config.go:158',
            unless: { flag: '--auto-instrumentation-java-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-nodejs:0.64.1',
            at: 'internal/config/config.go:159',
            unless: { flag: '--auto-instrumentation-nodejs-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-python:0.58b0',
            at: 'internal/config/config.go:160',
            unless: { flag: '--auto-instrumentation-python-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-dotnet:1.2.0',
            at: 'internal/config/config.go:161',
            unless: { flag: '--auto-instrumentation-dotnet-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-go-instrumentation/autoinstrumentation-go:v0.22.1',
            at: 'internal/config/config.go:162',
            unless: { flag: '--auto-instrumentation-go-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-apache-httpd:1.0.4',
            at: 'internal/config/config.go:163',
            unless: { flag: '--auto-instrumentation-apache-httpd-image' },
          },
        ],
      },
      {
        versions: '>=0.137.0 <=0.138.0',
        read: 'v0.138.0',
        defaults: [
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/target-allocator:{operatorTag}',
            at: 'internal/config/config.go:148',
            unless: { flag: '--target-allocator-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/operator-opamp-bridge:{operatorTag}',
            at: 'internal/config/config.go:149',
            unless: { flag: '--operator-opamp-bridge-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-java:1.33.6',
            at: 'internal/config/config.go:158',
            unless: { flag: '--auto-instrumentation-java-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-nodejs:0.64.1',
            at: 'internal/config/config.go:159',
            unless: { flag: '--auto-instrumentation-nodejs-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-python:0.59b0',
            at: 'internal/config/config.go:160',
            unless: { flag: '--auto-instrumentation-python-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-dotnet:1.2.0',
            at: 'internal/config/config.go:161',
            unless: { flag: '--auto-instrumentation-dotnet-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-go-instrumentation/autoinstrumentation-go:v0.22.1',
            at: 'internal/config/config.go:162',
            unless: { flag: '--auto-instrumentation-go-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-apache-httpd:1.0.4',
            at: 'internal/config/config.go:163',
            unless: { flag: '--auto-instrumentation-apache-httpd-image' },
          },
        ],
      },
      {
        versions: '>=0.139.0 <=0.140.0',
        read: 'v0.140.0',
        defaults: [
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/target-allocator:{operatorTag}',
            at: 'internal/config/config.go:148',
            unless: { flag: '--target-allocator-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/operator-opamp-bridge:{operatorTag}',
            at: 'internal/config/config.go:149',
            unless: { flag: '--operator-opamp-bridge-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-java:1.33.6',
            at: 'internal/config/config.go:158',
            unless: { flag: '--auto-instrumentation-java-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-nodejs:0.66.0',
            at: 'internal/config/config.go:159',
            unless: { flag: '--auto-instrumentation-nodejs-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-python:0.59b0',
            at: 'internal/config/config.go:160',
            unless: { flag: '--auto-instrumentation-python-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-dotnet:1.2.0',
            at: 'internal/config/config.go:161',
            unless: { flag: '--auto-instrumentation-dotnet-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-go-instrumentation/autoinstrumentation-go:v0.22.1',
            at: 'internal/config/config.go:162',
            unless: { flag: '--auto-instrumentation-go-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-apache-httpd:1.0.4',
            at: 'internal/config/config.go:163',
            unless: { flag: '--auto-instrumentation-apache-httpd-image' },
          },
        ],
      },
      {
        versions: '0.141.0',
        read: 'v0.141.0',
        defaults: [
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/target-allocator:{operatorTag}',
            at: 'internal/config/config.go:148',
            unless: { flag: '--target-allocator-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/operator-opamp-bridge:{operatorTag}',
            at: 'internal/config/config.go:149',
            unless: { flag: '--operator-opamp-bridge-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-java:1.33.6',
            at: 'internal/config/config.go:158',
            unless: { flag: '--auto-instrumentation-java-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-nodejs:0.67.2',
            at: 'internal/config/config.go:159',
            unless: { flag: '--auto-instrumentation-nodejs-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-python:0.60b0',
            at: 'internal/config/config.go:160',
            unless: { flag: '--auto-instrumentation-python-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-dotnet:1.2.0',
            at: 'internal/config/config.go:161',
            unless: { flag: '--auto-instrumentation-dotnet-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-go-instrumentation/autoinstrumentation-go:v0.22.1',
            at: 'internal/config/config.go:162',
            unless: { flag: '--auto-instrumentation-go-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-apache-httpd:1.0.4',
            at: 'internal/config/config.go:163',
            unless: { flag: '--auto-instrumentation-apache-httpd-image' },
          },
        ],
      },
      {
        versions: '>=0.142.0 <=0.143.0',
        read: 'v0.143.0',
        defaults: [
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/target-allocator:{operatorTag}',
            at: 'internal/config/config.go:154',
            unless: { flag: '--target-allocator-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/operator-opamp-bridge:{operatorTag}',
            at: 'internal/config/config.go:155',
            unless: { flag: '--operator-opamp-bridge-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-java:1.33.6',
            at: 'internal/config/config.go:164',
            unless: { flag: '--auto-instrumentation-java-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-nodejs:0.67.3',
            at: 'internal/config/config.go:165',
            unless: { flag: '--auto-instrumentation-nodejs-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-python:0.60b1',
            at: 'internal/config/config.go:166',
            unless: { flag: '--auto-instrumentation-python-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-dotnet:1.2.0',
            at: 'internal/config/config.go:167',
            unless: { flag: '--auto-instrumentation-dotnet-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-go-instrumentation/autoinstrumentation-go:v0.22.1',
            at: 'internal/config/config.go:168',
            unless: { flag: '--auto-instrumentation-go-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-apache-httpd:1.0.4',
            at: 'internal/config/config.go:169',
            unless: { flag: '--auto-instrumentation-apache-httpd-image' },
          },
        ],
      },
      {
        versions: '0.144.0',
        read: 'v0.144.0',
        defaults: [
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/target-allocator:{operatorTag}',
            at: 'internal/config/config.go:157',
            unless: { flag: '--target-allocator-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/operator-opamp-bridge:{operatorTag}',
            at: 'internal/config/config.go:158',
            unless: { flag: '--operator-opamp-bridge-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-java:1.33.6',
            at: 'internal/config/config.go:167',
            unless: { flag: '--auto-instrumentation-java-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-nodejs:0.69.0',
            at: 'internal/config/config.go:168',
            unless: { flag: '--auto-instrumentation-nodejs-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-python:0.60b1',
            at: 'internal/config/config.go:169',
            unless: { flag: '--auto-instrumentation-python-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-dotnet:1.2.0',
            at: 'internal/config/config.go:170',
            unless: { flag: '--auto-instrumentation-dotnet-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-go-instrumentation/autoinstrumentation-go:v0.23.0',
            at: 'internal/config/config.go:171',
            unless: { flag: '--auto-instrumentation-go-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-apache-httpd:1.0.4',
            at: 'internal/config/config.go:172',
            unless: { flag: '--auto-instrumentation-apache-httpd-image' },
          },
        ],
      },
      {
        versions: '0.145.0',
        read: 'v0.145.0',
        defaults: [
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/target-allocator:{operatorTag}',
            at: 'internal/config/config.go:161',
            unless: { flag: '--target-allocator-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/operator-opamp-bridge:{operatorTag}',
            at: 'internal/config/config.go:162',
            unless: { flag: '--operator-opamp-bridge-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-java:1.33.6',
            at: 'internal/config/config.go:171',
            unless: { flag: '--auto-instrumentation-java-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-nodejs:0.70.0',
            at: 'internal/config/config.go:172',
            unless: { flag: '--auto-instrumentation-nodejs-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-python:0.60b1',
            at: 'internal/config/config.go:173',
            unless: { flag: '--auto-instrumentation-python-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-dotnet:1.2.0',
            at: 'internal/config/config.go:174',
            unless: { flag: '--auto-instrumentation-dotnet-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-go-instrumentation/autoinstrumentation-go:v0.23.0',
            at: 'internal/config/config.go:175',
            unless: { flag: '--auto-instrumentation-go-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-apache-httpd:1.0.4',
            at: 'internal/config/config.go:176',
            unless: { flag: '--auto-instrumentation-apache-httpd-image' },
          },
        ],
      },
      {
        versions: '>=0.146.0 <=0.148.0',
        read: 'v0.148.0',
        defaults: [
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/target-allocator:{operatorTag}',
            at: 'internal/config/config.go:168',
            unless: { flag: '--target-allocator-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/operator-opamp-bridge:{operatorTag}',
            at: 'internal/config/config.go:169',
            unless: { flag: '--operator-opamp-bridge-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-java:1.33.6',
            at: 'internal/config/config.go:178',
            unless: { flag: '--auto-instrumentation-java-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-nodejs:0.71.0',
            at: 'internal/config/config.go:179',
            unless: { flag: '--auto-instrumentation-nodejs-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-python:0.60b1',
            at: 'internal/config/config.go:180',
            unless: { flag: '--auto-instrumentation-python-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-dotnet:1.2.0',
            at: 'internal/config/config.go:181',
            unless: { flag: '--auto-instrumentation-dotnet-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-go-instrumentation/autoinstrumentation-go:v0.23.0',
            at: 'internal/config/config.go:182',
            unless: { flag: '--auto-instrumentation-go-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-apache-httpd:1.0.4',
            at: 'internal/config/config.go:183',
            unless: { flag: '--auto-instrumentation-apache-httpd-image' },
          },
        ],
      },
      {
        versions: '0.149.0',
        read: 'v0.149.0',
        defaults: [
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/target-allocator:{operatorTag}',
            at: 'internal/config/config.go:171',
            unless: { flag: '--target-allocator-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/operator-opamp-bridge:{operatorTag}',
            at: 'internal/config/config.go:172',
            unless: { flag: '--operator-opamp-bridge-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-java:1.33.6',
            at: 'internal/config/config.go:181',
            unless: { flag: '--auto-instrumentation-java-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-nodejs:0.73.0',
            at: 'internal/config/config.go:182',
            unless: { flag: '--auto-instrumentation-nodejs-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-python:0.61b0',
            at: 'internal/config/config.go:183',
            unless: { flag: '--auto-instrumentation-python-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-dotnet:1.2.0',
            at: 'internal/config/config.go:184',
            unless: { flag: '--auto-instrumentation-dotnet-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-go-instrumentation/autoinstrumentation-go:v0.23.0',
            at: 'internal/config/config.go:185',
            unless: { flag: '--auto-instrumentation-go-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-apache-httpd:1.0.4',
            at: 'internal/config/config.go:186',
            unless: { flag: '--auto-instrumentation-apache-httpd-image' },
          },
        ],
      },
      {
        versions: '0.150.0',
        read: 'v0.150.0',
        defaults: [
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/target-allocator:{operatorTag}',
            at: 'internal/config/config.go:174',
            unless: { flag: '--target-allocator-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/operator-opamp-bridge:{operatorTag}',
            at: 'internal/config/config.go:175',
            unless: { flag: '--operator-opamp-bridge-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-java:1.33.6',
            at: 'internal/config/config.go:184',
            unless: { flag: '--auto-instrumentation-java-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-nodejs:0.73.0',
            at: 'internal/config/config.go:185',
            unless: { flag: '--auto-instrumentation-nodejs-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-python:0.61b0',
            at: 'internal/config/config.go:186',
            unless: { flag: '--auto-instrumentation-python-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-dotnet:1.15.0',
            at: 'internal/config/config.go:187',
            unless: { flag: '--auto-instrumentation-dotnet-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-go-instrumentation/autoinstrumentation-go:v0.23.0',
            at: 'internal/config/config.go:188',
            unless: { flag: '--auto-instrumentation-go-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-apache-httpd:1.0.4',
            at: 'internal/config/config.go:189',
            unless: { flag: '--auto-instrumentation-apache-httpd-image' },
          },
        ],
      },
      {
        versions: '0.151.0',
        read: 'v0.151.0',
        defaults: [
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/target-allocator:{operatorTag}',
            at: 'internal/config/config.go:174',
            unless: { flag: '--target-allocator-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/operator-opamp-bridge:{operatorTag}',
            at: 'internal/config/config.go:175',
            unless: { flag: '--operator-opamp-bridge-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-java:2.27.0',
            at: 'internal/config/config.go:184',
            unless: { flag: '--auto-instrumentation-java-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-nodejs:0.75.0',
            at: 'internal/config/config.go:185',
            unless: { flag: '--auto-instrumentation-nodejs-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-python:0.62b1',
            at: 'internal/config/config.go:186',
            unless: { flag: '--auto-instrumentation-python-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-dotnet:1.15.0',
            at: 'internal/config/config.go:187',
            unless: { flag: '--auto-instrumentation-dotnet-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-go-instrumentation/autoinstrumentation-go:v0.24.0',
            at: 'internal/config/config.go:188',
            unless: { flag: '--auto-instrumentation-go-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-apache-httpd:1.0.4',
            at: 'internal/config/config.go:189',
            unless: { flag: '--auto-instrumentation-apache-httpd-image' },
          },
        ],
      },
      {
        versions: '>=0.152.0 <=0.153.0',
        read: 'v0.153.0',
        defaults: [
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/target-allocator:{operatorTag}',
            at: 'internal/config/config.go:184',
            unless: { flag: '--target-allocator-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/operator-opamp-bridge:{operatorTag}',
            at: 'internal/config/config.go:185',
            unless: { flag: '--operator-opamp-bridge-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-java:2.28.1',
            at: 'internal/config/config.go:194',
            unless: { flag: '--auto-instrumentation-java-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-nodejs:0.76.0',
            at: 'internal/config/config.go:195',
            unless: { flag: '--auto-instrumentation-nodejs-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-python:0.63b1',
            at: 'internal/config/config.go:196',
            unless: { flag: '--auto-instrumentation-python-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-dotnet:1.15.0',
            at: 'internal/config/config.go:197',
            unless: { flag: '--auto-instrumentation-dotnet-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-go-instrumentation/autoinstrumentation-go:v0.24.0',
            at: 'internal/config/config.go:198',
            unless: { flag: '--auto-instrumentation-go-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-apache-httpd:1.0.4',
            at: 'internal/config/config.go:199',
            unless: { flag: '--auto-instrumentation-apache-httpd-image' },
          },
        ],
      },
      {
        versions: '0.154.0',
        read: 'v0.154.0',
        defaults: [
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/target-allocator:{operatorTag}',
            at: 'internal/config/config.go:191',
            unless: { flag: '--target-allocator-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/operator-opamp-bridge:{operatorTag}',
            at: 'internal/config/config.go:192',
            unless: { flag: '--operator-opamp-bridge-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-java:2.28.1',
            at: 'internal/config/config.go:201',
            unless: { flag: '--auto-instrumentation-java-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-nodejs:0.77.0',
            at: 'internal/config/config.go:202',
            unless: { flag: '--auto-instrumentation-nodejs-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-python:0.64b0',
            at: 'internal/config/config.go:203',
            unless: { flag: '--auto-instrumentation-python-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-dotnet:1.15.0',
            at: 'internal/config/config.go:204',
            unless: { flag: '--auto-instrumentation-dotnet-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-go-instrumentation/autoinstrumentation-go:v0.24.0',
            at: 'internal/config/config.go:205',
            unless: { flag: '--auto-instrumentation-go-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-apache-httpd:1.0.4',
            at: 'internal/config/config.go:206',
            unless: { flag: '--auto-instrumentation-apache-httpd-image' },
          },
        ],
      },
      {
        versions: '>=0.155.0 <=0.156.0',
        read: 'v0.156.0',
        defaults: [
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/target-allocator:{operatorTag}',
            at: 'internal/config/config.go:191',
            unless: { flag: '--target-allocator-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/operator-opamp-bridge:{operatorTag}',
            at: 'internal/config/config.go:192',
            unless: { flag: '--operator-opamp-bridge-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-java:2.29.0',
            at: 'internal/config/config.go:201',
            unless: { flag: '--auto-instrumentation-java-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-nodejs:0.78.0',
            at: 'internal/config/config.go:202',
            unless: { flag: '--auto-instrumentation-nodejs-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-python:0.64b0',
            at: 'internal/config/config.go:203',
            unless: { flag: '--auto-instrumentation-python-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-dotnet:1.16.0',
            at: 'internal/config/config.go:204',
            unless: { flag: '--auto-instrumentation-dotnet-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-go-instrumentation/autoinstrumentation-go:v0.24.0',
            at: 'internal/config/config.go:205',
            unless: { flag: '--auto-instrumentation-go-image' },
          },
          {
            image: 'ghcr.io/open-telemetry/opentelemetry-operator/autoinstrumentation-apache-httpd:1.0.4',
            at: 'internal/config/config.go:206',
            unless: { flag: '--auto-instrumentation-apache-httpd-image' },
          },
        ],
      },
      {
        versions: '>=0.157.0 <=0.158.0',
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
        versions: '0.67.0',
        read: 'v0.67.0',
        defaults: [
          {
            image: 'docker.io/victoriametrics/operator:config-reloader-{operatorTag}',
            at: 'internal/config/config.go:110',
            unless: { env: 'VM_CONFIG_RELOADER_IMAGE' },
          },
          {
            image: 'docker.io/victoriametrics/vmagent:v1.134.0',
            at: 'internal/config/config.go:215',
            unless: { env: 'VM_VMAGENTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/victoria-metrics:v1.134.0',
            at: 'internal/config/config.go:249',
            unless: { env: 'VM_VMSINGLEDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmalert:v1.134.0',
            at: 'internal/config/config.go:192',
            unless: { env: 'VM_VMALERTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmauth:v1.134.0',
            at: 'internal/config/config.go:350',
            unless: { env: 'VM_VMAUTHDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmselect:v1.134.0-cluster',
            at: 'internal/config/config.go:268',
            unless: { env: 'VM_VMCLUSTERDEFAULT_VMSELECTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmstorage:v1.134.0-cluster',
            at: 'internal/config/config.go:283',
            unless: { env: 'VM_VMCLUSTERDEFAULT_VMSTORAGEDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vminsert:v1.134.0-cluster',
            at: 'internal/config/config.go:300',
            unless: { env: 'VM_VMCLUSTERDEFAULT_VMINSERTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/prom/alertmanager:v0.29.0',
            at: 'internal/config/config.go:317',
            unless: { env: 'VM_VMALERTMANAGER_ALERTMANAGERDEFAULTBASEIMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/victoria-logs:v1.43.1',
            at: 'internal/config/config.go:158',
            unless: { env: 'VM_VLSINGLEDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vlagent:v1.43.1',
            at: 'internal/config/config.go:141',
            unless: { env: 'VM_VLAGENTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/victoria-traces:v0.7.0',
            at: 'internal/config/config.go:175',
            unless: { env: 'VM_VTSINGLEDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmanomaly:v1.28.5',
            at: 'internal/config/config.go:232',
            unless: { env: 'VM_VMANOMALYDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmagent:{cr:spec.image.tag}',
            at: 'internal/config/config.go:215',
            per: 'VMAgent',
            unless: { env: 'VM_VMAGENTDEFAULT_IMAGE', takes: 'repository', field: 'spec.image.repository' },
          },
          {
            image: 'docker.io/victoriametrics/victoria-metrics:{cr:spec.image.tag}',
            at: 'internal/config/config.go:249',
            per: 'VMSingle',
            unless: { env: 'VM_VMSINGLEDEFAULT_IMAGE', takes: 'repository', field: 'spec.image.repository' },
          },
        ],
      },
      {
        versions: '>=0.68.0 <=0.68.1',
        read: 'v0.68.1',
        defaults: [
          {
            image: 'docker.io/victoriametrics/operator:config-reloader-{operatorTag}',
            at: 'internal/config/config.go:121',
            unless: { env: 'VM_CONFIG_RELOADER_IMAGE' },
          },
          {
            image: 'docker.io/victoriametrics/vmagent:v1.136.0',
            at: 'internal/config/config.go:244',
            unless: { env: 'VM_VMAGENTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/victoria-metrics:v1.136.0',
            at: 'internal/config/config.go:282',
            unless: { env: 'VM_VMSINGLEDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmalert:v1.136.0',
            at: 'internal/config/config.go:219',
            unless: { env: 'VM_VMALERTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmauth:v1.136.0',
            at: 'internal/config/config.go:396',
            unless: { env: 'VM_VMAUTHDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmselect:v1.136.0-cluster',
            at: 'internal/config/config.go:303',
            unless: { env: 'VM_VMCLUSTERDEFAULT_VMSELECTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmstorage:v1.136.0-cluster',
            at: 'internal/config/config.go:320',
            unless: { env: 'VM_VMCLUSTERDEFAULT_VMSTORAGEDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vminsert:v1.136.0-cluster',
            at: 'internal/config/config.go:339',
            unless: { env: 'VM_VMCLUSTERDEFAULT_VMINSERTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/prom/alertmanager:v0.31.0',
            at: 'internal/config/config.go:358',
            unless: { env: 'VM_VMALERTMANAGER_ALERTMANAGERDEFAULTBASEIMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/victoria-logs:v1.45.0',
            at: 'internal/config/config.go:181',
            unless: { env: 'VM_VLSINGLEDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vlagent:v1.45.0',
            at: 'internal/config/config.go:162',
            unless: { env: 'VM_VLAGENTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/victoria-traces:v0.7.0',
            at: 'internal/config/config.go:200',
            unless: { env: 'VM_VTSINGLEDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmanomaly:v1.28.5',
            at: 'internal/config/config.go:263',
            unless: { env: 'VM_VMANOMALYDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmagent:{cr:spec.image.tag}',
            at: 'internal/config/config.go:244',
            per: 'VMAgent',
            unless: { env: 'VM_VMAGENTDEFAULT_IMAGE', takes: 'repository', field: 'spec.image.repository' },
          },
          {
            image: 'docker.io/victoriametrics/victoria-metrics:{cr:spec.image.tag}',
            at: 'internal/config/config.go:282',
            per: 'VMSingle',
            unless: { env: 'VM_VMSINGLEDEFAULT_IMAGE', takes: 'repository', field: 'spec.image.repository' },
          },
        ],
      },
      {
        versions: '>=0.68.2 <=0.68.4',
        read: 'v0.68.4',
        defaults: [
          {
            image: 'docker.io/victoriametrics/operator:config-reloader-{operatorTag}',
            at: 'internal/config/config.go:125',
            unless: { env: 'VM_CONFIG_RELOADER_IMAGE' },
          },
          {
            image: 'docker.io/victoriametrics/vmagent:v1.136.0',
            at: 'internal/config/config.go:253',
            unless: { env: 'VM_VMAGENTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/victoria-metrics:v1.136.0',
            at: 'internal/config/config.go:293',
            unless: { env: 'VM_VMSINGLEDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmalert:v1.136.0',
            at: 'internal/config/config.go:227',
            unless: { env: 'VM_VMALERTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmauth:v1.136.0',
            at: 'internal/config/config.go:418',
            unless: { env: 'VM_VMAUTHDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmselect:v1.136.0-cluster',
            at: 'internal/config/config.go:315',
            unless: { env: 'VM_VMCLUSTERDEFAULT_VMSELECTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmstorage:v1.136.0-cluster',
            at: 'internal/config/config.go:337',
            unless: { env: 'VM_VMCLUSTERDEFAULT_VMSTORAGEDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vminsert:v1.136.0-cluster',
            at: 'internal/config/config.go:357',
            unless: { env: 'VM_VMCLUSTERDEFAULT_VMINSERTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/prom/alertmanager:v0.31.0',
            at: 'internal/config/config.go:378',
            unless: { env: 'VM_VMALERTMANAGER_ALERTMANAGERDEFAULTBASEIMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/victoria-logs:v1.47.0',
            at: 'internal/config/config.go:187',
            unless: { env: 'VM_VLSINGLEDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vlagent:v1.47.0',
            at: 'internal/config/config.go:167',
            unless: { env: 'VM_VLAGENTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/victoria-traces:v0.7.0',
            at: 'internal/config/config.go:207',
            unless: { env: 'VM_VTSINGLEDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmanomaly:v1.28.5',
            at: 'internal/config/config.go:273',
            unless: { env: 'VM_VMANOMALYDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmagent:{cr:spec.image.tag}',
            at: 'internal/config/config.go:253',
            per: 'VMAgent',
            unless: { env: 'VM_VMAGENTDEFAULT_IMAGE', takes: 'repository', field: 'spec.image.repository' },
          },
          {
            image: 'docker.io/victoriametrics/victoria-metrics:{cr:spec.image.tag}',
            at: 'internal/config/config.go:293',
            per: 'VMSingle',
            unless: { env: 'VM_VMSINGLEDEFAULT_IMAGE', takes: 'repository', field: 'spec.image.repository' },
          },
        ],
      },
      {
        versions: '0.68.5',
        read: 'v0.68.5',
        defaults: [
          {
            image: 'docker.io/victoriametrics/operator:config-reloader-{operatorTag}',
            at: 'internal/config/config.go:125',
            unless: { env: 'VM_CONFIG_RELOADER_IMAGE' },
          },
          {
            image: 'docker.io/victoriametrics/vmagent:v1.144.0',
            at: 'internal/config/config.go:253',
            unless: { env: 'VM_VMAGENTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/victoria-metrics:v1.144.0',
            at: 'internal/config/config.go:293',
            unless: { env: 'VM_VMSINGLEDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmalert:v1.144.0',
            at: 'internal/config/config.go:227',
            unless: { env: 'VM_VMALERTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmauth:v1.144.0',
            at: 'internal/config/config.go:418',
            unless: { env: 'VM_VMAUTHDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmselect:v1.144.0-cluster',
            at: 'internal/config/config.go:315',
            unless: { env: 'VM_VMCLUSTERDEFAULT_VMSELECTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmstorage:v1.144.0-cluster',
            at: 'internal/config/config.go:337',
            unless: { env: 'VM_VMCLUSTERDEFAULT_VMSTORAGEDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vminsert:v1.144.0-cluster',
            at: 'internal/config/config.go:357',
            unless: { env: 'VM_VMCLUSTERDEFAULT_VMINSERTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/prom/alertmanager:v0.31.0',
            at: 'internal/config/config.go:378',
            unless: { env: 'VM_VMALERTMANAGER_ALERTMANAGERDEFAULTBASEIMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/victoria-logs:v1.50.0',
            at: 'internal/config/config.go:187',
            unless: { env: 'VM_VLSINGLEDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vlagent:v1.50.0',
            at: 'internal/config/config.go:167',
            unless: { env: 'VM_VLAGENTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/victoria-traces:v0.7.0',
            at: 'internal/config/config.go:207',
            unless: { env: 'VM_VTSINGLEDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmanomaly:v1.29.3',
            at: 'internal/config/config.go:273',
            unless: { env: 'VM_VMANOMALYDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmagent:{cr:spec.image.tag}',
            at: 'internal/config/config.go:253',
            per: 'VMAgent',
            unless: { env: 'VM_VMAGENTDEFAULT_IMAGE', takes: 'repository', field: 'spec.image.repository' },
          },
          {
            image: 'docker.io/victoriametrics/victoria-metrics:{cr:spec.image.tag}',
            at: 'internal/config/config.go:293',
            per: 'VMSingle',
            unless: { env: 'VM_VMSINGLEDEFAULT_IMAGE', takes: 'repository', field: 'spec.image.repository' },
          },
        ],
      },
      {
        versions: '0.68.6',
        read: 'v0.68.6',
        defaults: [
          {
            image: 'docker.io/victoriametrics/operator:config-reloader-{operatorTag}',
            at: 'internal/config/config.go:125',
            unless: { env: 'VM_CONFIG_RELOADER_IMAGE' },
          },
          {
            image: 'docker.io/victoriametrics/vmagent:v1.146.0',
            at: 'internal/config/config.go:253',
            unless: { env: 'VM_VMAGENTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/victoria-metrics:v1.146.0',
            at: 'internal/config/config.go:293',
            unless: { env: 'VM_VMSINGLEDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmalert:v1.146.0',
            at: 'internal/config/config.go:227',
            unless: { env: 'VM_VMALERTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmauth:v1.146.0',
            at: 'internal/config/config.go:418',
            unless: { env: 'VM_VMAUTHDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmselect:v1.146.0-cluster',
            at: 'internal/config/config.go:315',
            unless: { env: 'VM_VMCLUSTERDEFAULT_VMSELECTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmstorage:v1.146.0-cluster',
            at: 'internal/config/config.go:337',
            unless: { env: 'VM_VMCLUSTERDEFAULT_VMSTORAGEDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vminsert:v1.146.0-cluster',
            at: 'internal/config/config.go:357',
            unless: { env: 'VM_VMCLUSTERDEFAULT_VMINSERTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/prom/alertmanager:v0.31.0',
            at: 'internal/config/config.go:378',
            unless: { env: 'VM_VMALERTMANAGER_ALERTMANAGERDEFAULTBASEIMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/victoria-logs:v1.51.0',
            at: 'internal/config/config.go:187',
            unless: { env: 'VM_VLSINGLEDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vlagent:v1.51.0',
            at: 'internal/config/config.go:167',
            unless: { env: 'VM_VLAGENTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/victoria-traces:v0.9.3',
            at: 'internal/config/config.go:207',
            unless: { env: 'VM_VTSINGLEDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmanomaly:v1.29.6',
            at: 'internal/config/config.go:273',
            unless: { env: 'VM_VMANOMALYDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmagent:{cr:spec.image.tag}',
            at: 'internal/config/config.go:253',
            per: 'VMAgent',
            unless: { env: 'VM_VMAGENTDEFAULT_IMAGE', takes: 'repository', field: 'spec.image.repository' },
          },
          {
            image: 'docker.io/victoriametrics/victoria-metrics:{cr:spec.image.tag}',
            at: 'internal/config/config.go:293',
            per: 'VMSingle',
            unless: { env: 'VM_VMSINGLEDEFAULT_IMAGE', takes: 'repository', field: 'spec.image.repository' },
          },
        ],
      },
      {
        versions: '0.68.7',
        read: 'v0.68.7',
        defaults: [
          {
            image: 'docker.io/victoriametrics/operator:config-reloader-{operatorTag}',
            at: 'internal/config/config.go:125',
            unless: { env: 'VM_CONFIG_RELOADER_IMAGE' },
          },
          {
            image: 'docker.io/victoriametrics/vmagent:v1.147.0',
            at: 'internal/config/config.go:253',
            unless: { env: 'VM_VMAGENTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/victoria-metrics:v1.147.0',
            at: 'internal/config/config.go:293',
            unless: { env: 'VM_VMSINGLEDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmalert:v1.147.0',
            at: 'internal/config/config.go:227',
            unless: { env: 'VM_VMALERTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmauth:v1.147.0',
            at: 'internal/config/config.go:418',
            unless: { env: 'VM_VMAUTHDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmselect:v1.147.0-cluster',
            at: 'internal/config/config.go:315',
            unless: { env: 'VM_VMCLUSTERDEFAULT_VMSELECTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmstorage:v1.147.0-cluster',
            at: 'internal/config/config.go:337',
            unless: { env: 'VM_VMCLUSTERDEFAULT_VMSTORAGEDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vminsert:v1.147.0-cluster',
            at: 'internal/config/config.go:357',
            unless: { env: 'VM_VMCLUSTERDEFAULT_VMINSERTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/prom/alertmanager:v0.31.0',
            at: 'internal/config/config.go:378',
            unless: { env: 'VM_VMALERTMANAGER_ALERTMANAGERDEFAULTBASEIMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/victoria-logs:v1.51.0',
            at: 'internal/config/config.go:187',
            unless: { env: 'VM_VLSINGLEDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vlagent:v1.51.0',
            at: 'internal/config/config.go:167',
            unless: { env: 'VM_VLAGENTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/victoria-traces:v0.9.4',
            at: 'internal/config/config.go:207',
            unless: { env: 'VM_VTSINGLEDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmanomaly:v1.29.7',
            at: 'internal/config/config.go:273',
            unless: { env: 'VM_VMANOMALYDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmagent:{cr:spec.image.tag}',
            at: 'internal/config/config.go:253',
            per: 'VMAgent',
            unless: { env: 'VM_VMAGENTDEFAULT_IMAGE', takes: 'repository', field: 'spec.image.repository' },
          },
          {
            image: 'docker.io/victoriametrics/victoria-metrics:{cr:spec.image.tag}',
            at: 'internal/config/config.go:293',
            per: 'VMSingle',
            unless: { env: 'VM_VMSINGLEDEFAULT_IMAGE', takes: 'repository', field: 'spec.image.repository' },
          },
        ],
      },
      {
        versions: '0.69.0',
        read: 'v0.69.0',
        defaults: [
          {
            image: 'docker.io/victoriametrics/operator:config-reloader-{operatorTag}',
            at: 'internal/config/config.go:127',
            unless: { env: 'VM_CONFIG_RELOADER_IMAGE' },
          },
          {
            image: 'docker.io/victoriametrics/vmagent:v1.140.0',
            at: 'internal/config/config.go:255',
            unless: { env: 'VM_VMAGENTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/victoria-metrics:v1.140.0',
            at: 'internal/config/config.go:295',
            unless: { env: 'VM_VMSINGLEDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmalert:v1.140.0',
            at: 'internal/config/config.go:229',
            unless: { env: 'VM_VMALERTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmauth:v1.140.0',
            at: 'internal/config/config.go:420',
            unless: { env: 'VM_VMAUTHDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmselect:v1.140.0-cluster',
            at: 'internal/config/config.go:317',
            unless: { env: 'VM_VMCLUSTERDEFAULT_VMSELECTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmstorage:v1.140.0-cluster',
            at: 'internal/config/config.go:339',
            unless: { env: 'VM_VMCLUSTERDEFAULT_VMSTORAGEDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vminsert:v1.140.0-cluster',
            at: 'internal/config/config.go:359',
            unless: { env: 'VM_VMCLUSTERDEFAULT_VMINSERTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/prom/alertmanager:v0.31.0',
            at: 'internal/config/config.go:380',
            unless: { env: 'VM_VMALERTMANAGER_ALERTMANAGERDEFAULTBASEIMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/victoria-logs:v1.50.0',
            at: 'internal/config/config.go:189',
            unless: { env: 'VM_VLSINGLEDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vlagent:v1.50.0',
            at: 'internal/config/config.go:169',
            unless: { env: 'VM_VLAGENTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/victoria-traces:v0.7.0',
            at: 'internal/config/config.go:209',
            unless: { env: 'VM_VTSINGLEDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmanomaly:v1.29.3',
            at: 'internal/config/config.go:275',
            unless: { env: 'VM_VMANOMALYDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmagent:{cr:spec.image.tag}',
            at: 'internal/config/config.go:255',
            per: 'VMAgent',
            unless: { env: 'VM_VMAGENTDEFAULT_IMAGE', takes: 'repository', field: 'spec.image.repository' },
          },
          {
            image: 'docker.io/victoriametrics/victoria-metrics:{cr:spec.image.tag}',
            at: 'internal/config/config.go:295',
            per: 'VMSingle',
            unless: { env: 'VM_VMSINGLEDEFAULT_IMAGE', takes: 'repository', field: 'spec.image.repository' },
          },
        ],
      },
      {
        versions: '>=0.70.0 <=0.70.1',
        read: 'v0.70.1',
        defaults: [
          {
            image: 'docker.io/victoriametrics/operator:config-reloader-{operatorTag}',
            at: 'internal/config/config.go:127',
            unless: { env: 'VM_CONFIG_RELOADER_IMAGE' },
          },
          {
            image: 'docker.io/victoriametrics/vmagent:v1.143.0',
            at: 'internal/config/config.go:255',
            unless: { env: 'VM_VMAGENTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/victoria-metrics:v1.143.0',
            at: 'internal/config/config.go:295',
            unless: { env: 'VM_VMSINGLEDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmalert:v1.143.0',
            at: 'internal/config/config.go:229',
            unless: { env: 'VM_VMALERTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmauth:v1.143.0',
            at: 'internal/config/config.go:420',
            unless: { env: 'VM_VMAUTHDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmselect:v1.143.0-cluster',
            at: 'internal/config/config.go:317',
            unless: { env: 'VM_VMCLUSTERDEFAULT_VMSELECTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmstorage:v1.143.0-cluster',
            at: 'internal/config/config.go:339',
            unless: { env: 'VM_VMCLUSTERDEFAULT_VMSTORAGEDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vminsert:v1.143.0-cluster',
            at: 'internal/config/config.go:359',
            unless: { env: 'VM_VMCLUSTERDEFAULT_VMINSERTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/prom/alertmanager:v0.31.0',
            at: 'internal/config/config.go:380',
            unless: { env: 'VM_VMALERTMANAGER_ALERTMANAGERDEFAULTBASEIMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/victoria-logs:v1.50.0',
            at: 'internal/config/config.go:189',
            unless: { env: 'VM_VLSINGLEDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vlagent:v1.50.0',
            at: 'internal/config/config.go:169',
            unless: { env: 'VM_VLAGENTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/victoria-traces:v0.7.0',
            at: 'internal/config/config.go:209',
            unless: { env: 'VM_VTSINGLEDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmanomaly:v1.29.3',
            at: 'internal/config/config.go:275',
            unless: { env: 'VM_VMANOMALYDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmagent:{cr:spec.image.tag}',
            at: 'internal/config/config.go:255',
            per: 'VMAgent',
            unless: { env: 'VM_VMAGENTDEFAULT_IMAGE', takes: 'repository', field: 'spec.image.repository' },
          },
          {
            image: 'docker.io/victoriametrics/victoria-metrics:{cr:spec.image.tag}',
            at: 'internal/config/config.go:295',
            per: 'VMSingle',
            unless: { env: 'VM_VMSINGLEDEFAULT_IMAGE', takes: 'repository', field: 'spec.image.repository' },
          },
        ],
      },
      {
        versions: '>=0.71.0 <=0.72.0',
        read: 'v0.72.0',
        defaults: [
          {
            image: 'docker.io/victoriametrics/operator:config-reloader-{operatorTag}',
            at: 'internal/config/config.go:157',
            unless: { env: 'VM_CONFIG_RELOADER_IMAGE' },
          },
          {
            image: 'docker.io/victoriametrics/vmagent:v1.145.0',
            at: 'internal/config/config.go:312',
            unless: { env: 'VM_VMAGENTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/victoria-metrics:v1.145.0',
            at: 'internal/config/config.go:362',
            unless: { env: 'VM_VMSINGLEDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmalert:v1.145.0',
            at: 'internal/config/config.go:281',
            unless: { env: 'VM_VMALERTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmauth:v1.145.0',
            at: 'internal/config/config.go:523',
            unless: { env: 'VM_VMAUTHDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmselect:v1.145.0-cluster',
            at: 'internal/config/config.go:391',
            unless: { env: 'VM_VMCLUSTERDEFAULT_VMSELECTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmstorage:v1.145.0-cluster',
            at: 'internal/config/config.go:420',
            unless: { env: 'VM_VMCLUSTERDEFAULT_VMSTORAGEDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vminsert:v1.145.0-cluster',
            at: 'internal/config/config.go:445',
            unless: { env: 'VM_VMCLUSTERDEFAULT_VMINSERTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/prom/alertmanager:v0.31.0',
            at: 'internal/config/config.go:471',
            unless: { env: 'VM_VMALERTMANAGER_ALERTMANAGERDEFAULTBASEIMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/victoria-logs:v1.50.0',
            at: 'internal/config/config.go:231',
            unless: { env: 'VM_VLSINGLEDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vlagent:v1.50.0',
            at: 'internal/config/config.go:206',
            unless: { env: 'VM_VLAGENTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/victoria-traces:v0.7.0',
            at: 'internal/config/config.go:256',
            unless: { env: 'VM_VTSINGLEDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmanomaly:v1.29.3',
            at: 'internal/config/config.go:337',
            unless: { env: 'VM_VMANOMALYDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmagent:{cr:spec.image.tag}',
            at: 'internal/config/config.go:312',
            per: 'VMAgent',
            unless: { env: 'VM_VMAGENTDEFAULT_IMAGE', takes: 'repository', field: 'spec.image.repository' },
          },
          {
            image: 'docker.io/victoriametrics/victoria-metrics:{cr:spec.image.tag}',
            at: 'internal/config/config.go:362',
            per: 'VMSingle',
            unless: { env: 'VM_VMSINGLEDEFAULT_IMAGE', takes: 'repository', field: 'spec.image.repository' },
          },
        ],
      },
      {
        versions: '>=0.73.0 <=0.73.1',
        read: 'v0.73.1',
        defaults: [
          {
            image: 'docker.io/victoriametrics/operator:config-reloader-{operatorTag}',
            at: 'internal/config/config.go:157',
            unless: { env: 'VM_CONFIG_RELOADER_IMAGE' },
          },
          {
            image: 'docker.io/victoriametrics/vmagent:v1.147.0',
            at: 'internal/config/config.go:312',
            unless: { env: 'VM_VMAGENTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/victoria-metrics:v1.147.0',
            at: 'internal/config/config.go:362',
            unless: { env: 'VM_VMSINGLEDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmalert:v1.147.0',
            at: 'internal/config/config.go:281',
            unless: { env: 'VM_VMALERTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmauth:v1.147.0',
            at: 'internal/config/config.go:523',
            unless: { env: 'VM_VMAUTHDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmselect:v1.147.0-cluster',
            at: 'internal/config/config.go:391',
            unless: { env: 'VM_VMCLUSTERDEFAULT_VMSELECTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmstorage:v1.147.0-cluster',
            at: 'internal/config/config.go:420',
            unless: { env: 'VM_VMCLUSTERDEFAULT_VMSTORAGEDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vminsert:v1.147.0-cluster',
            at: 'internal/config/config.go:445',
            unless: { env: 'VM_VMCLUSTERDEFAULT_VMINSERTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/prom/alertmanager:v0.31.0',
            at: 'internal/config/config.go:471',
            unless: { env: 'VM_VMALERTMANAGER_ALERTMANAGERDEFAULTBASEIMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/victoria-logs:v1.51.0',
            at: 'internal/config/config.go:231',
            unless: { env: 'VM_VLSINGLEDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vlagent:v1.51.0',
            at: 'internal/config/config.go:206',
            unless: { env: 'VM_VLAGENTDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/victoria-traces:v0.9.4',
            at: 'internal/config/config.go:256',
            unless: { env: 'VM_VTSINGLEDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmanomaly:v1.29.7',
            at: 'internal/config/config.go:337',
            unless: { env: 'VM_VMANOMALYDEFAULT_IMAGE', takes: 'repository' },
          },
          {
            image: 'docker.io/victoriametrics/vmagent:{cr:spec.image.tag}',
            at: 'internal/config/config.go:312',
            per: 'VMAgent',
            unless: { env: 'VM_VMAGENTDEFAULT_IMAGE', takes: 'repository', field: 'spec.image.repository' },
          },
          {
            image: 'docker.io/victoriametrics/victoria-metrics:{cr:spec.image.tag}',
            at: 'internal/config/config.go:362',
            per: 'VMSingle',
            unless: { env: 'VM_VMSINGLEDEFAULT_IMAGE', takes: 'repository', field: 'spec.image.repository' },
          },
        ],
      },
      {
        versions: '>=0.74.0 <=0.74.1',
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
        versions: '>=1.22.0 <=1.22.1',
        read: 'v1.22.1',
        defaults: [
          {
            image: 'docker.io/mattermost/mattermost-enterprise-edition:9.7.3',
            at: 'apis/mattermost/v1beta1/mattermost_utils.go:22',
            unless: { field: 'spec.image' },
          },
          { image: 'docker.io/appropriate/curl:latest', at: 'pkg/mattermost/database_mysql.go:89' },
          { image: 'docker.io/minio/mc:latest', at: 'pkg/mattermost/file_store.go:122' },
        ],
      },
      {
        versions: '1.23.0',
        read: 'v1.23.0',
        defaults: [
          {
            image: 'docker.io/mattermost/mattermost-enterprise-edition:10.6.1',
            at: 'apis/mattermost/v1beta1/mattermost_utils.go:22',
            unless: { field: 'spec.image' },
          },
          { image: 'docker.io/appropriate/curl:latest', at: 'pkg/mattermost/database_mysql.go:89' },
          { image: 'docker.io/minio/mc:latest', at: 'pkg/mattermost/file_store.go:122' },
        ],
      },
      {
        versions: '>=1.24.0 <=1.25.9',
        read: 'v1.25.9',
        // a Mattermost left to defaults (SetDefaults, apis/mattermost/v1beta1/mattermost_utils.go:64-67)
        // with the operator-managed MySQL and MinIO; postgres:13 (pkg/mattermost/database_external.go:124)
        // only with an external PostgreSQL, not listed
        defaults: [
          {
            image: 'docker.io/mattermost/mattermost-enterprise-edition:10.8.1',
            at: 'apis/mattermost/v1beta1/mattermost_utils.go:245',
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
        versions: '>=0.1.0 <=0.2.0',
        read: '0.2.0',
        defaults: [
          {
            image: 'docker.io/apache/spark:4.0.0-preview2',
            at: 'spark-submission-worker/src/main/java/org/apache/spark/k8s/operator/SparkClusterResourceSpec.java:62',
          },
        ],
      },
      {
        versions: '>=0.3.0 <=0.4.0',
        read: '0.4.0',
        defaults: [
          { image: 'docker.io/apache/spark:4.0.0', at: 'spark-submission-worker/src/main/java/org/apache/spark/k8s/operator/SparkClusterResourceSpec.java:62' },
        ],
      },
      {
        versions: '>=0.5.0 <=0.6.0',
        read: '0.6.0',
        defaults: [
          { image: 'docker.io/apache/spark:4.0.1', at: 'spark-submission-worker/src/main/java/org/apache/spark/k8s/operator/SparkClusterResourceSpec.java:68' },
        ],
      },
      {
        versions: '>=0.7.0 <=0.9.0',
        read: '0.9.0',
        defaults: [
          { image: 'docker.io/apache/spark:4.1.1', at: 'spark-submission-worker/src/main/java/org/apache/spark/k8s/operator/SparkClusterResourceSpec.java:72' },
        ],
      },
      {
        versions: '1.0.0',
        read: '1.0.0',
        defaults: [
          { image: 'docker.io/apache/spark:4.2.0', at: 'spark-submission-worker/src/main/java/org/apache/spark/k8s/operator/SparkClusterResourceSpec.java:72' },
        ],
      },
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
