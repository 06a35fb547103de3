// Operator defaults (operator-defaults.ts) of the operators that run metrics and log stores and
// dashboards: VictoriaMetrics, Grafana, Perses, Thanos (Banzai Cloud's and the Thanos community's operators),
// Robusta's runner, Kuberhealthy's checks and kaasops' Vector operator. Each entry as read from the operator's source.
import { readings, type DefaultShape, type OperatorEntry } from './operator-defaults-model.js';

// the kinds the operator fills alike when they give only a tag: kind, default repository, its env
const TAG_ONLY: readonly [string, string, string][] = [
  ['VMAgent', 'docker.io/victoriametrics/vmagent', 'VM_VMAGENTDEFAULT_IMAGE'],
  ['VMSingle', 'docker.io/victoriametrics/victoria-metrics', 'VM_VMSINGLEDEFAULT_IMAGE'],
  ['VMAlert', 'docker.io/victoriametrics/vmalert', 'VM_VMALERTDEFAULT_IMAGE'],
  ['VMAlertmanager', 'docker.io/prom/alertmanager', 'VM_VMALERTMANAGER_ALERTMANAGERDEFAULTBASEIMAGE'],
];
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
  // a resource that gives only spec.image.tag: its kind's repository joined to that tag
  ...TAG_ONLY.map(([per, repository, env]): DefaultShape => ({
    image: `${repository}:{tag}`,
    per,
    unless: { env, takes: 'repository', field: 'spec.image.repository' },
  })),
];

export const MONITORING_OPERATORS: readonly OperatorEntry[] = [
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
    // a resource that gives only spec.image.tag (VMAgent, VMSingle, VMAlert, VMAlertmanager): the
    // operator fills the repository from its defaults and keeps the tag, joined REPOSITORY:TAG
    // (addDefaultsToCommonParams, internal/controller/operator/factory/build/defaults.go:568-577;
    // vmalert/vmalert.go and vmalertmanager/statefulset.go; alike from v0.64.0 to v0.74.1)
    releases: [
      ...readings(victoriaMetrics('VM_CUSTOMCONFIGRELOADERIMAGE'), [
        {
          versions: '>=0.64.0 <=0.65.0',
          read: 'v0.65.0',
          tags: 'config-reloader-v0.62.0 v1.128.0 v1.128.0 v1.128.0 v1.128.0 v1.128.0-cluster v1.128.0-cluster v1.128.0-cluster v0.28.1 v1.36.1 v1.36.1 v0.4.0 v1.26.1 {cr:spec.image.tag} {cr:spec.image.tag} {cr:spec.image.tag} {cr:spec.image.tag}',
          at: 'internal/config/config.go:115 :237 :281 :209 :391 :303 :318 :335 :357 :169 :149 :189 :259 :237 :281 :209 :357',
        },
        {
          versions: '>=0.66.0 <=0.66.1',
          read: 'v0.66.1',
          tags: 'config-reloader-{operatorTag} v1.131.0 v1.131.0 v1.131.0 v1.131.0 v1.131.0-cluster v1.131.0-cluster v1.131.0-cluster v0.29.0 v1.36.1 v1.36.1 v0.5.0 v1.26.1 {cr:spec.image.tag} {cr:spec.image.tag} {cr:spec.image.tag} {cr:spec.image.tag}',
          at: 'internal/config/config.go:114 :236 :280 :208 :389 :302 :317 :334 :356 :168 :148 :188 :258 :236 :280 :208 :356',
        },
      ]),
      ...readings(victoriaMetrics('VM_CONFIG_RELOADER_IMAGE'), [
        {
          versions: '0.67.0',
          read: 'v0.67.0',
          tags: 'config-reloader-{operatorTag} v1.134.0 v1.134.0 v1.134.0 v1.134.0 v1.134.0-cluster v1.134.0-cluster v1.134.0-cluster v0.29.0 v1.43.1 v1.43.1 v0.7.0 v1.28.5 {cr:spec.image.tag} {cr:spec.image.tag} {cr:spec.image.tag} {cr:spec.image.tag}',
          at: 'internal/config/config.go:110 :215 :249 :192 :350 :268 :283 :300 :317 :158 :141 :175 :232 :215 :249 :192 :317',
        },
        {
          versions: '>=0.68.0 <=0.68.1',
          read: 'v0.68.1',
          tags: 'config-reloader-{operatorTag} v1.136.0 v1.136.0 v1.136.0 v1.136.0 v1.136.0-cluster v1.136.0-cluster v1.136.0-cluster v0.31.0 v1.45.0 v1.45.0 v0.7.0 v1.28.5 {cr:spec.image.tag} {cr:spec.image.tag} {cr:spec.image.tag} {cr:spec.image.tag}',
          at: 'internal/config/config.go:121 :244 :282 :219 :396 :303 :320 :339 :358 :181 :162 :200 :263 :244 :282 :219 :358',
        },
        {
          versions: '>=0.68.2 <=0.68.4',
          read: 'v0.68.4',
          tags: 'config-reloader-{operatorTag} v1.136.0 v1.136.0 v1.136.0 v1.136.0 v1.136.0-cluster v1.136.0-cluster v1.136.0-cluster v0.31.0 v1.47.0 v1.47.0 v0.7.0 v1.28.5 {cr:spec.image.tag} {cr:spec.image.tag} {cr:spec.image.tag} {cr:spec.image.tag}',
          at: 'internal/config/config.go:125 :253 :293 :227 :418 :315 :337 :357 :378 :187 :167 :207 :273 :253 :293 :227 :378',
        },
        {
          versions: '0.68.5',
          read: 'v0.68.5',
          tags: 'config-reloader-{operatorTag} v1.144.0 v1.144.0 v1.144.0 v1.144.0 v1.144.0-cluster v1.144.0-cluster v1.144.0-cluster v0.31.0 v1.50.0 v1.50.0 v0.7.0 v1.29.3 {cr:spec.image.tag} {cr:spec.image.tag} {cr:spec.image.tag} {cr:spec.image.tag}',
          at: 'internal/config/config.go:125 :253 :293 :227 :418 :315 :337 :357 :378 :187 :167 :207 :273 :253 :293 :227 :378',
        },
        {
          versions: '0.68.6',
          read: 'v0.68.6',
          tags: 'config-reloader-{operatorTag} v1.146.0 v1.146.0 v1.146.0 v1.146.0 v1.146.0-cluster v1.146.0-cluster v1.146.0-cluster v0.31.0 v1.51.0 v1.51.0 v0.9.3 v1.29.6 {cr:spec.image.tag} {cr:spec.image.tag} {cr:spec.image.tag} {cr:spec.image.tag}',
          at: 'internal/config/config.go:125 :253 :293 :227 :418 :315 :337 :357 :378 :187 :167 :207 :273 :253 :293 :227 :378',
        },
        {
          versions: '0.68.7',
          read: 'v0.68.7',
          tags: 'config-reloader-{operatorTag} v1.147.0 v1.147.0 v1.147.0 v1.147.0 v1.147.0-cluster v1.147.0-cluster v1.147.0-cluster v0.31.0 v1.51.0 v1.51.0 v0.9.4 v1.29.7 {cr:spec.image.tag} {cr:spec.image.tag} {cr:spec.image.tag} {cr:spec.image.tag}',
          at: 'internal/config/config.go:125 :253 :293 :227 :418 :315 :337 :357 :378 :187 :167 :207 :273 :253 :293 :227 :378',
        },
        {
          versions: '0.69.0',
          read: 'v0.69.0',
          tags: 'config-reloader-{operatorTag} v1.140.0 v1.140.0 v1.140.0 v1.140.0 v1.140.0-cluster v1.140.0-cluster v1.140.0-cluster v0.31.0 v1.50.0 v1.50.0 v0.7.0 v1.29.3 {cr:spec.image.tag} {cr:spec.image.tag} {cr:spec.image.tag} {cr:spec.image.tag}',
          at: 'internal/config/config.go:127 :255 :295 :229 :420 :317 :339 :359 :380 :189 :169 :209 :275 :255 :295 :229 :380',
        },
        {
          versions: '>=0.70.0 <=0.70.1',
          read: 'v0.70.1',
          tags: 'config-reloader-{operatorTag} v1.143.0 v1.143.0 v1.143.0 v1.143.0 v1.143.0-cluster v1.143.0-cluster v1.143.0-cluster v0.31.0 v1.50.0 v1.50.0 v0.7.0 v1.29.3 {cr:spec.image.tag} {cr:spec.image.tag} {cr:spec.image.tag} {cr:spec.image.tag}',
          at: 'internal/config/config.go:127 :255 :295 :229 :420 :317 :339 :359 :380 :189 :169 :209 :275 :255 :295 :229 :380',
        },
        {
          versions: '>=0.71.0 <=0.72.0',
          read: 'v0.72.0',
          tags: 'config-reloader-{operatorTag} v1.145.0 v1.145.0 v1.145.0 v1.145.0 v1.145.0-cluster v1.145.0-cluster v1.145.0-cluster v0.31.0 v1.50.0 v1.50.0 v0.7.0 v1.29.3 {cr:spec.image.tag} {cr:spec.image.tag} {cr:spec.image.tag} {cr:spec.image.tag}',
          at: 'internal/config/config.go:157 :312 :362 :281 :523 :391 :420 :445 :471 :231 :206 :256 :337 :312 :362 :281 :471',
        },
        {
          versions: '>=0.73.0 <=0.73.1',
          read: 'v0.73.1',
          tags: 'config-reloader-{operatorTag} v1.147.0 v1.147.0 v1.147.0 v1.147.0 v1.147.0-cluster v1.147.0-cluster v1.147.0-cluster v0.31.0 v1.51.0 v1.51.0 v0.9.4 v1.29.7 {cr:spec.image.tag} {cr:spec.image.tag} {cr:spec.image.tag} {cr:spec.image.tag}',
          at: 'internal/config/config.go:157 :312 :362 :281 :523 :391 :420 :445 :471 :231 :206 :256 :337 :312 :362 :281 :471',
        },
        {
          versions: '>=0.74.0 <=0.74.1',
          read: 'v0.74.1',
          tags: 'config-reloader-{operatorTag} v1.148.0 v1.148.0 v1.148.0 v1.148.0 v1.148.0-cluster v1.148.0-cluster v1.148.0-cluster v0.31.0 v1.52.0 v1.52.0 v0.10.0 v1.30.0 {cr:spec.image.tag} {cr:spec.image.tag} {cr:spec.image.tag} {cr:spec.image.tag}',
          at: 'internal/config/config.go:159 :314 :364 :283 :525 :393 :422 :447 :473 :233 :208 :258 :339 :314 :364 :283 :473',
        },
      ]),
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
    operator: 'Perses Operator',
    repository: 'github.com/perses/perses-operator',
    images: ['docker.io/persesdev/perses-operator'],
    resources: [{ group: 'perses.dev', kind: 'Perses' }],
    // the server of each Perses resource without spec.image: the --perses-default-base-image
    // flag, whose default is the compiled-in image (main.go:94; ImageForPerses,
    // internal/perses/common/labels.go:76); v0.3.0 to v0.3.2 read alike
    releases: readings(
      [{ image: 'docker.io/persesdev/perses:{tag}', unless: { flag: '--perses-default-base-image', field: 'spec.image' } }],
      [
        { versions: '>=0.3.0 <=0.3.2', read: 'v0.3.2', tags: 'v0.53.0', at: 'internal/operator/defaults.go:22' },
        { versions: '0.4.0', read: 'v0.4.0', tags: 'v0.53.1', at: 'internal/operator/defaults.go:22' },
        { versions: '0.5.0', read: 'v0.5.0', tags: 'v0.54.0', at: 'internal/operator/defaults.go:22' },
      ],
    ),
  },
  {
    operator: 'Robusta runner',
    repository: 'github.com/robusta-dev/robusta',
    images: ['docker.io/robustadev/robusta-runner'],
    // read at acf0db9a (main, August 2026): the playbook actions make Jobs and debug pods from
    // images compiled into the runner, under its IMAGE_REGISTRY env (the chart's image.registry),
    // only when a user runs the action or a playbook configured for it fires (the platform
    // playbooks' weekly KRR scan): none with the chart's defaults, so none is listed as needed
    releases: [],
    uncovered: {
      images:
        "on demand, the images of the playbook actions a user or a configured playbook runs: IMAGE_REGISTRY/krr:v1.29.0 (krr_scan, KRR_IMAGE_OVERRIDE), IMAGE_REGISTRY/debug-toolkit:v8.0 (Python debugging, PYTHON_DEBUGGER_IMAGE), IMAGE_REGISTRY/java-toolkit:v1.0.2 (Java troubleshooting), IMAGE_REGISTRY/disk-tools:1.8 (node disk analysis, DISK_TOOLS_IMAGE), IMAGE_REGISTRY/robusta-fio-benchmark:1.0 (disk benchmark, FIO_IMAGE) and docker.io/derailed/popeye:v0.11.1 (popeye_scan, POPEYE_IMAGE_OVERRIDE), IMAGE_REGISTRY being the runner's env (docker.io/robustadev by default), as read at acf0db9a (also src/robusta/integrations/kubernetes/custom_models.py:45, src/robusta/core/model/env_vars.py:119, playbooks/robusta_playbooks/popeye.py:41)",
      at: 'playbooks/robusta_playbooks/krr.py:39',
    },
  },
  {
    operator: 'Thanos Operator (Banzai Cloud)',
    repository: 'github.com/banzaicloud/thanos-operator',
    images: ['ghcr.io/banzaicloud/thanos-operator'],
    resources: ['Thanos', 'ObjectStore', 'Receiver'].map((kind) => ({ group: 'monitoring.banzaicloud.io', kind })),
    // every component it deploys (query, store, rule, compactor, bucket web, receiver) runs
    // ThanosImageRepository:ThanosImageTag unless the resource's deployment overrides replace it
    releases: [
      {
        versions: '0.3.7',
        read: 'chart/thanos-operator/0.3.7',
        defaults: [{ image: 'quay.io/thanos/thanos:v0.22.0', at: 'pkg/sdk/api/v1alpha1/thanos_types.go:24' }],
      },
    ],
  },
  // Kuberhealthy's check pods (images of KuberhealthyCheck resources) make workloads of their own
  // from images compiled into each check, overridden by the check's env
  {
    operator: 'Kuberhealthy deployment check',
    repository: 'github.com/kuberhealthy/kuberhealthy',
    images: ['docker.io/kuberhealthy/deployment-check'],
    // the check's Deployment runs CHECK_IMAGE, then rolls to CHECK_IMAGE_ROLL_TO when
    // CHECK_DEPLOYMENT_ROLLING_UPDATE is true (the chart's default)
    releases: readings(
      [
        { image: 'docker.io/nginxinc/nginx-unprivileged:{tag}', unless: { env: 'CHECK_IMAGE' } },
        { image: 'docker.io/nginxinc/nginx-unprivileged:{tag}', unless: { env: 'CHECK_IMAGE_ROLL_TO' } },
      ],
      [{ versions: '>=1.9.0 <=1.9.1', read: '792c47db51c9eea1790c79683d1c4e7783f03770', tags: '1.17.8 1.17.9', at: 'cmd/deployment-check/main.go:121 :122' }],
    ),
  },
  {
    operator: 'Kuberhealthy daemonset check',
    repository: 'github.com/kuberhealthy/kuberhealthy',
    images: ['docker.io/kuberhealthy/daemonset-check'],
    // a DaemonSet of pause containers on every node (cmd/daemonset-check/run_check.go:393)
    releases: [
      {
        versions: '>=3.3.0 <=3.3.1',
        read: '792c47db51c9eea1790c79683d1c4e7783f03770',
        defaults: [{ image: 'gcr.io/google-containers/pause:3.1', at: 'cmd/daemonset-check/main.go:74', unless: { env: 'PAUSE_CONTAINER_IMAGE' } }],
      },
    ],
  },
  {
    // every ThanosQuery, ThanosReceive, ThanosRuler, ThanosStore and ThanosCompact runs
    // DefaultThanosImage at DefaultThanosVersion unless it sets spec.baseImage (a tag in it is kept,
    // else spec.version joins it: internal/pkg/manifests/options.go:240-251); a ThanosRuler adds the
    // config reloader (cmd/main.go:356, CONFIG_RELOADER_IMAGE first). The repository has no release
    // tags: read at the newest commit, whose chart (0.1.0) runs the operator at :main
    operator: 'Thanos Operator (Thanos community)',
    repository: 'github.com/thanos-community/thanos-operator',
    images: ['quay.io/thanos/thanos-operator'],
    resources: ['ThanosQuery', 'ThanosReceive', 'ThanosRuler', 'ThanosStore', 'ThanosCompact'].map((kind) => ({ group: 'monitoring.thanos.io', kind })),
    releases: [
      {
        versions: '0.1.0',
        read: '8bd18cc3c430be4a64a659a11b51ecd504bcec3b',
        defaults: [
          { image: 'quay.io/thanos/thanos:v0.39.0', at: 'internal/pkg/manifests/options.go:20', unless: { field: 'spec.baseImage', takes: 'repository' } },
          {
            image: 'quay.io/prometheus-operator/prometheus-config-reloader:v0.89.0',
            at: 'cmd/main.go:334',
            kind: 'ThanosRuler',
            unless: { env: 'CONFIG_RELOADER_IMAGE' },
          },
        ],
      },
    ],
  },
  {
    // each Vector runs its agent DaemonSet (and config-check pods) from the compiled-in Vector image
    // unless spec.agent.image names one, each VectorAggregator and ClusterVectorAggregator likewise
    // unless spec.image. Its config reloader only with compressConfigFile, the event collector only
    // for an aggregator reading Kubernetes events, the checkpoint merger only with
    // --enable-checkpoint-migration: none by defaults. Alike from v0.3.3 to v0.5.0
    operator: 'Vector Operator (kaasops)',
    repository: 'github.com/kaasops/vector-operator',
    images: ['docker.io/kaasops/vector-operator'],
    resources: ['Vector', 'VectorAggregator', 'ClusterVectorAggregator'].map((kind) => ({ group: 'observability.kaasops.io', kind })),
    releases: [
      {
        versions: '>=0.3.3 <=0.5.0',
        read: 'v0.5.0',
        defaults: [
          {
            image: 'docker.io/timberio/vector:0.48.0-distroless-libc',
            at: 'internal/vector/vectoragent/vectoragent_default.go:32',
            kind: 'Vector',
            unless: { field: 'spec.agent.image' },
          },
          {
            image: 'docker.io/timberio/vector:0.48.0-distroless-libc',
            at: 'internal/vector/aggregator/controller.go:147',
            kind: 'VectorAggregator',
            unless: { field: 'spec.image' },
          },
          {
            image: 'docker.io/timberio/vector:0.48.0-distroless-libc',
            at: 'internal/vector/aggregator/controller.go:147',
            kind: 'ClusterVectorAggregator',
            unless: { field: 'spec.image' },
          },
        ],
      },
    ],
  },
];
