// Operator defaults (operator-defaults.ts) of AI agent and model-serving platforms, LLM job
// dispatchers (LLMariner) and edge AI (KubeEdge Sedna): what a controller runs beside the user's own image for each tool server, model
// or job it deploys, when the resource names none. Each entry as read from the operator's source.
import type { OperatorEntry } from './operator-defaults-model.js';

const KMCP_TRANSLATOR = 'pkg/controller/transportadapter/transportadapter_translator.go';

export const AI_OPERATORS: readonly OperatorEntry[] = [
  {
    operator: 'kmcp',
    repository: 'github.com/kagent-dev/kmcp',
    images: ['ghcr.io/kagent-dev/kmcp/controller'],
    resources: [{ group: 'kagent.dev', kind: 'MCPServer' }],
    // every MCPServer's pod gets the agentgateway transport adapter as an init container (the
    // compiled-in version unless TRANSPORT_ADAPTER_VERSION names another: a tag, no place to pull
    // from), and a server run by `uvx` or `npx` with no image of its own gets a runtime image
    releases: [
      {
        versions: '>=0.2.5 <=0.3.0',
        read: 'v0.3.0',
        defaults: [
          {
            image: 'ghcr.io/agentgateway/agentgateway:0.9.0-musl',
            at: `${KMCP_TRANSLATOR}:677`,
            unless: { field: 'spec.deployment.initContainer.image' },
          },
          { image: 'ghcr.io/astral-sh/uv:debian', at: `${KMCP_TRANSLATOR}:103`, unless: { field: 'spec.deployment.image' } },
          { image: 'docker.io/library/node:24-alpine3.21', at: `${KMCP_TRANSLATOR}:107`, unless: { field: 'spec.deployment.image' } },
        ],
      },
    ],
  },
  {
    operator: 'RoleBasedGroup controller (rbgs)',
    repository: 'github.com/sgl-project/rbg',
    images: ['docker.io/rolebasedgroup/rbgs-controller'],
    // it starts only the images its users name: each RoleBasedGroup role's pod template, and a
    // RoleBasedGroupWarmup's image list (rolebasedgroupwarmup_controller.go:553 takes the spec's);
    // no reference is compiled in outside tests. Read, it pulls nothing of its own: no default.
    // Its image's tag is the commit built (v0.8.0-ba7b952e for the release v0.8.0-alpha.5)
    releases: [{ versions: '0.8.0-ba7b952e', read: 'ba7b952ea287e80d98cf6a110a11a25af77997f6', defaults: [] }],
  },
  {
    operator: 'Agent Sandbox controller',
    repository: 'github.com/kubernetes-sigs/agent-sandbox',
    images: ['registry.k8s.io/agent-sandbox/agent-sandbox-controller'],
    // it starts a Sandbox's pod from the resource's spec.podTemplate (controllers/sandbox_controller.go),
    // and warm pools and claims from the SandboxTemplates users write; no reference is compiled into
    // the controller (read at v0.5.6: the only image strings are in olm/hack's manifest tool). Read,
    // it pulls nothing of its own: no default (holdout JJ)
    releases: [{ versions: '0.5.6', read: 'v0.5.6', defaults: [] }],
  },
  {
    // LLMariner's job dispatcher runs fine-tuning Jobs at the image its ConfigMap names (the site
    // table finds it) and each batch job a user submits through LLMariner's API at that job's own
    // image, after this compiled-in init container that fetches the job's files; no setting moves it
    operator: 'LLMariner job-manager dispatcher',
    repository: 'github.com/llmariner/job-manager',
    images: ['public.ecr.aws/cloudnatix/llmariner/job-manager-dispatcher'],
    releases: [
      {
        versions: '1.27.0',
        read: 'v1.27.0',
        defaults: [
          {
            image: 'mirror.gcr.io/alpine:3.10',
            at: 'dispatcher/internal/dispatcher/batchjob.go:42',
            onAction: 'a user submits a batch job (llma batch jobs create)',
          },
        ],
      },
    ],
  },
  {
    // edge-cloud collaborative AI (KubeEdge Sedna): the global manager runs the workers of the jobs
    // users apply from their own images, and adds this compiled-in storage initializer as an init
    // container only to a worker whose Dataset or Model URL is remote (s3, http) and must be
    // downloaded first (runtime/storage_initializer_injector.go:441); no setting moves it
    operator: 'Sedna global manager',
    repository: 'github.com/kubeedge/sedna',
    images: ['docker.io/kubeedge/sedna-gm'],
    resources: ['Dataset', 'Model'].map((kind) => ({ group: 'sedna.io', kind })),
    releases: [
      {
        versions: '>=0.5.0 <=0.6.0',
        read: 'v0.6.0',
        defaults: [
          {
            image: 'docker.io/kubeedge/sedna-storage-initializer:v0.3.0',
            at: 'pkg/globalmanager/runtime/storage_initializer_injector.go:32',
            onAction: 'a user applies a job whose Dataset or Model URL is remote (s3://, http://)',
          },
        ],
      },
    ],
  },
  {
    // Onyx's code interpreter (python-sandbox) runs each piece of Python the assistant executes in a
    // pod of its own, at this compiled-in image unless KUBERNETES_EXECUTOR_IMAGE names another
    // (read with `or`: the chart's empty value keeps the default), also as the pod's network-lockdown
    // init container (app/services/executor_kubernetes.py). The service exists to start them, so
    // the image is listed, not left to a user's action. Onyx's chart pins the service at `latest`;
    // the default reads the same from v0.1.0 (app_configs.py:19) to code-interpreter-0.4.4 (holdout YY)
    operator: 'Onyx code interpreter',
    repository: 'github.com/onyx-dot-app/python-sandbox',
    images: ['docker.io/onyxdotapp/code-interpreter'],
    releases: [
      {
        versions: '>=0.1.0 <=0.4.4',
        read: 'code-interpreter-0.4.4',
        defaults: [
          {
            image: 'docker.io/onyxdotapp/python-executor-sci:latest',
            at: 'code-interpreter/app/app_configs.py:23',
            unless: { env: 'KUBERNETES_EXECUTOR_IMAGE' },
          },
        ],
      },
    ],
  },
  {
    // LLMOS's operator installs the system add-ons embedded in it (pkg/template/templates/addons,
    // registered as ManagedAddons by managedaddon/system_addon.go:21) from the chart repository its
    // chart runs (system-charts-repo), each main image renamed to ghcr.io/llmos-ai/mirrored-* by the
    // add-on's values and tagged by the packaged chart; and each LocalModel or DatasetVersion a user
    // applies is fetched by a downloader Job at a compiled-in image of the operator's own tag. Read
    // as far as those (the add-ons' CSI and GPU sets are not yet); the settings
    // (Setting CRs global-system-image-registry, model-downloader-image) live in the cluster, not
    // the chart. Same at v0.3.0 and v0.3.1 (the chart deploys main-head, a branch build)
    operator: 'LLMOS operator',
    repository: 'github.com/llmos-ai/llmos-operator',
    images: ['ghcr.io/llmos-ai/llmos-operator'],
    resources: ['LocalModel', 'DatasetVersion'].map((kind) => ({ group: 'ml.llmos.ai', kind })),
    releases: [
      {
        versions: '>=0.3.0 <=0.3.1',
        read: 'v0.3.1',
        defaults: [
          { image: 'ghcr.io/llmos-ai/mirrored-kuberay-operator:v1.3.0', at: 'pkg/template/templates/addons/kuberay-operator.yaml:17' },
          { image: 'ghcr.io/llmos-ai/mirrored-rook-ceph:v1.17.2', at: 'pkg/template/templates/addons/rook-ceph.yaml:17' },
          { image: 'ghcr.io/llmos-ai/mirrored-bitnami-redis:7.4.1-debian-12-r2', at: 'pkg/template/templates/addons/llmos-redis.yaml:17' },
          {
            image: 'ghcr.io/llmos-ai/mirrored-bitnami-os-shell:12-debian-12-r33',
            at: 'pkg/template/templates/addons/llmos-redis.yaml:61',
          },
          {
            image: 'ghcr.io/llmos-ai/mirrored-sig-storage-snapshot-controller:v8.2.0',
            at: 'pkg/template/templates/addons/snapshot-controller.yaml:12',
          },
          {
            image: 'ghcr.io/llmos-ai/mirrored-rancher-system-upgrade-controller:v0.14.2',
            at: 'pkg/template/templates/addons/system-upgrade-controller.yaml:12',
          },
          {
            image: 'ghcr.io/llmos-ai/llmos-operator-downloader:{operatorTag}',
            at: 'pkg/settings/settings.go:44',
            onAction: 'a user applies a LocalModel or DatasetVersion',
          },
        ],
      },
    ],
  },
];
