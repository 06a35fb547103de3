// Operator defaults (operator-defaults.ts) of delivery: CI servers and runners (Woodpecker, Drone's Kubernetes runner, Gitea's act_runner), GitOps
// (Flux Operator), package appliers (kubit), infrastructure as code (Pulumi, HCP Terraform), developer workspaces (Eclipse
// Che), static sites built from git (Website Operator) and load tests (k6 Operator): what each spawns for a pipeline step, a stack, an agent pool,
// a workspace, a test run, a BuildKit pool (image builds) or a deployment script (Octopus' agent) when the user's resource names no image, and the CI components an operator installs from manifests in its image (Tekton's). Each entry as read from the
// operator's source.
import { readings, type BuiltinDefault, type OperatorEntry } from './operator-defaults-model.js';

/** The Website Operator's two per-WebSite defaults at one reading: nginx whole, the repo-checker at the operator's own version. */
const websiteDefaults = (nginx: string, repoChecker: string): BuiltinDefault[] => [
  { image: nginx, at: 'constants.go:4', kind: 'WebSite', unless: { env: 'NGINX_CONTAINER_IMAGE', flag: '--nginx-container-image' } },
  {
    image: `${repoChecker}:{operatorTag}`,
    at: 'constants.go:8',
    kind: 'WebSite',
    unless: { env: 'REPOCHECKER_CONTAINER_IMAGE', flag: '--repochecker-container-image' },
  },
];

/** Who pulls an act_runner's job images: the Docker daemon it runs jobs on, not the node's runtime. */
const RUNNER_DOCKER = "the Docker daemon the runner runs its jobs on (inside the runner's pod for a dind image)";

export const DELIVERY_OPERATORS: readonly OperatorEntry[] = [
  {
    // a load-testing controller: each LoadTest runs its backend's image unless spec.masterConfig
    // names one. JMeter, Locust and ghz take theirs from env vars the chart writes into an env-file
    // ConfigMap (the site table joins their NAME/TAG keys); k6's and the Fake test provider's are
    // compiled in (envconfig defaults), alike from 1.7.0 to 1.7.2 (the chart runs :latest, its main)
    operator: 'Kangal',
    repository: 'github.com/hellofresh/kangal',
    images: ['docker.io/hellofresh/kangal'],
    resources: [{ group: 'kangal.hellofresh.com', kind: 'LoadTest' }],
    releases: [
      {
        versions: '>=1.7.0 <=1.7.2',
        read: '1.7.2',
        defaults: [
          { image: 'docker.io/grafana/k6:latest', at: 'pkg/backends/k6/config.go:5', unless: { env: 'K6_IMAGE_NAME', takes: 'repository' } },
          {
            image: 'docker.io/library/alpine:3.12.0',
            at: 'pkg/backends/fake/backend.go:19',
            onAction: 'a LoadTest of type Fake (its test provider) is created',
          },
        ],
      },
    ],
  },
  {
    operator: 'Woodpecker server',
    repository: 'github.com/woodpecker-ci/woodpecker',
    images: ['docker.io/woodpeckerci/woodpecker-server'],
    // the clone step of every pipeline its agents run (cmd/server/flags.go:204 takes the default;
    // WOODPECKER_DEFAULT_CLONE_IMAGE is an alias of the env var named)
    releases: readings(
      [{ image: 'docker.io/woodpeckerci/plugin-git:{tag}', unless: { env: 'WOODPECKER_DEFAULT_CLONE_PLUGIN' } }],
      [
        { versions: '3.14.0', read: 'v3.14.0', tags: '2.9.0', at: 'shared/constant/constant.go:30' },
        { versions: '3.15.0', read: 'v3.15.0', tags: '2.9.1', at: 'shared/constant/constant.go:30' },
        { versions: '>=3.16.0 <=3.17.0', read: 'v3.17.0', tags: '2.9.2', at: 'shared/constant/constant.go:30' },
      ],
    ),
  },
  {
    // Gitea's act_runner (gringolito's act-runner chart deploys 0.2.11, as VERSION-dind-rootless):
    // registered without --labels (the image's run.sh passes GITEA_RUNNER_LABELS) or its config
    // file's runner.labels, it takes three compiled-in labels (internal/app/cmd/register.go:93-96,
    // used at :260), each a job image pulled when a job asks for the label. Read at the GitHub copy
    // github.com/chhe/act_runner of gitea.com/gitea/act_runner, tag v0.2.11
    operator: 'Gitea act_runner',
    repository: 'github.com/chhe/act_runner',
    images: ['docker.io/gitea/act_runner'],
    configFile: 'config.yaml',
    releases: [
      {
        versions: '0.2.11',
        read: 'v0.2.11',
        defaults: ['ubuntu-latest', 'ubuntu-22.04', 'ubuntu-20.04'].map((label, i) => ({
          image: `docker.io/gitea/runner-images:${label}`,
          at: `internal/app/cmd/register.go:${94 + i}`,
          // GITEA_RUNNER_LABELS (--labels) overrides them too, as a comma list of LABEL:docker://IMAGE:
          // not an env var naming one image, so not given here (values would write one image there)
          unless: { config: 'runner.labels', holds: 'a list of LABEL:docker://IMAGE, this image as one label' },
          pulledBy: RUNNER_DOCKER,
        })),
      },
    ],
  },
  {
    // Vegard IT's gitea-act-runner image (act_runner built into an image with a start script of its
    // own, tagged VERSION, dind-VERSION, dind-rootless-VERSION): image/run_runner.sh renders its
    // config from /opt/config.template.yaml, whose runner.labels is GITEA_RUNNER_LABELS, else
    // GITEA_RUNNER_LABELS_DEFAULT (image/Dockerfile), and registers with those labels; a config
    // file a chart mounts (CONFIG_FILE is the upstream image's) is never read, so no configFile
    // here. GITEA_RUNNER_LABELS holds a comma list of LABEL:docker://IMAGE, not one image: not
    // given as an override (values would write one image there). Read as built for act_runner
    // 0.2.13 (the Dockerfile at 5a4bd78, 2025-09; its labels unchanged since 2025-01)
    operator: 'Vegard IT gitea-act-runner',
    repository: 'github.com/vegardit/docker-gitea-act-runner',
    images: ['docker.io/vegardit/gitea-act-runner'],
    tagVersion: '^(?:dind-(?:rootless-)?)?v?(\\d+\\.\\d+\\.\\d+)$',
    releases: [
      {
        versions: '0.2.13',
        read: '5a4bd78fc45fc7cda3e39f7519aa0fe34e631aa3',
        defaults: ['latest', '24.04', '22.04', '20.04'].map((v, i) => ({
          image: `ghcr.io/catthehacker/ubuntu:act-${v}`,
          at: `image/Dockerfile:${209 + i}`,
          pulledBy: RUNNER_DOCKER,
        })),
      },
    ],
  },
  {
    // Lagoon's remote-controller (lagoon-build-deploy chart): each LagoonBuild's pod runs the
    // --override-builddeploy-image default (cmd/main.go:244), which OVERRIDE_BUILD_DEPLOY_DIND_IMAGE
    // replaces (main.go:445; the chart's overrideBuildDeployImage) and a LagoonBuild's
    // spec.build.image replaces per build (build_helpers.go:629)
    operator: 'Lagoon remote-controller',
    repository: 'github.com/uselagoon/remote-controller',
    images: ['docker.io/uselagoon/remote-controller'],
    resources: [{ group: 'crd.lagoon.sh', kind: 'LagoonBuild' }],
    releases: [
      {
        versions: '1.0.1',
        read: 'v1.0.1',
        defaults: [
          {
            image: 'docker.io/uselagoon/build-deploy-image:latest',
            at: 'cmd/main.go:244',
            unless: { env: 'OVERRIDE_BUILD_DEPLOY_DIND_IMAGE', flag: '--override-builddeploy-image' },
          },
        ],
      },
    ],
  },
  {
    // the Kubernetes runner of Drone CI (community-charts' drone chart deploys 1.0.0-rc.3): every
    // pipeline it runs is a pod whose clone step runs drone/git:latest (engine/compiler/clone.go:24,
    // DRONE_IMAGE_CLONE overrides, command/daemon/config.go:112) and whose step containers start as
    // drone/placeholder:1 until their turn (engine/compiler/step.go:19, DRONE_IMAGE_PLACEHOLDER);
    // the same from v1.0.0-rc.3 to rc.5
    operator: 'Drone Kubernetes runner',
    repository: 'github.com/drone-runners/drone-runner-kube',
    images: ['docker.io/drone/drone-runner-kube'],
    releases: readings(
      [
        { image: 'docker.io/drone/git:{tag}', unless: { env: 'DRONE_IMAGE_CLONE' } },
        { image: 'docker.io/drone/placeholder:{tag}', unless: { env: 'DRONE_IMAGE_PLACEHOLDER' } },
      ],
      [{ versions: '>=1.0.0-rc.3 <=1.0.0-rc.5', read: 'v1.0.0-rc.5', tags: 'latest 1', at: 'engine/compiler/clone.go:24 engine/compiler/step.go:19' }],
    ),
  },
  {
    operator: 'Flux Operator',
    repository: 'github.com/controlplaneio-fluxcd/flux-operator',
    images: ['ghcr.io/controlplaneio-fluxcd/flux-operator'],
    resources: [{ group: 'fluxcd.controlplane.io', kind: 'FluxInstance' }],
    // read at v0.49.0: the controllers' tags come from the Flux release that spec.distribution.version
    // (a range, `2.x`) resolves to in the manifests the operator embeds or pulls from
    // spec.distribution.artifact (`:latest`) at run time: a moving answer, so no default is listed
    releases: [],
    uncovered: {
      images:
        'per FluxInstance, each controller of spec.components (source-controller, kustomize-controller, helm-controller, notification-controller...) as spec.distribution.registry/COMPONENT at the tags of the newest Flux release matching spec.distribution.version in the manifests of the OCI artifact spec.distribution.artifact (which is listed, as a runtime image, when its URL names a tag)',
      at: 'internal/builder/images.go:118',
    },
  },
  {
    operator: 'Pulumi Kubernetes Operator',
    repository: 'github.com/pulumi/pulumi-kubernetes-operator',
    images: ['docker.io/pulumi/pulumi-kubernetes-operator'],
    resources: [
      { group: 'pulumi.com', kind: 'Stack' },
      { group: 'auto.pulumi.com', kind: 'Workspace' },
    ],
    // each Stack's workspace pod, its security profile `restricted` by default; the workspace
    // controller applies the same defaulter as the webhook (workspace_controller.go:100)
    releases: [
      {
        versions: '>=2.0.0 <=2.9.0',
        read: 'v2.9.0',
        defaults: [
          {
            image: 'docker.io/pulumi/pulumi:latest-nonroot',
            at: 'operator/internal/webhook/auto/v1alpha1/workspace_webhook.go:33',
            unless: { field: 'spec.image' },
          },
        ],
      },
    ],
  },
  {
    operator: 'HCP Terraform Operator',
    repository: 'github.com/hashicorp/hcp-terraform-operator',
    images: ['docker.io/hashicorp/hcp-terraform-operator'],
    resources: [{ group: 'app.terraform.io', kind: 'AgentPool' }],
    // an AgentPool whose spec.agentDeployment gives no pod spec runs this agent, untagged (latest)
    releases: [
      {
        versions: '>=2.11.0 <=2.12.0',
        read: 'v2.12.0',
        defaults: [
          {
            image: 'docker.io/hashicorp/tfc-agent',
            at: 'internal/controller/agentpool_controller_deployment.go:29',
            unless: { field: 'spec.agentDeployment.spec' },
          },
        ],
      },
    ],
  },
  {
    operator: 'Eclipse Che operator',
    repository: 'github.com/eclipse-che/che-operator',
    images: ['quay.io/eclipse/che-operator'],
    resources: [{ group: 'org.eclipse.che', kind: 'CheCluster' }],
    // the default editor (che-incubator/che-code/latest): its devfile, copied into the operator's
    // image (Dockerfile:65), injects this image into every workspace; the env var named replaces it
    // (pkg/deploy/editors-definitions/editors_definitions.go:135)
    releases: [
      {
        versions: '>=7.100.0 <=7.121.0',
        read: '7.121.0',
        defaults: [
          {
            image: 'quay.io/che-incubator/che-code:{operatorTag}',
            at: 'editors-definitions/che-code-latest.yaml:88',
            unless: { env: 'RELATED_IMAGE_editor_definition_che_code_latest_che_code_injector' },
          },
        ],
      },
    ],
  },
  {
    // each TestRun's jobs (pkg/resources/jobs): the runners and the initializer run k6, the
    // starter and the stopper the operator's own starter build. No flag or env var names them:
    // only the TestRun's fields do, and a TestRun is what a user applies after the chart, so values
    // and postrender reach none (values says to set the field). An initializer left unset copies
    // the runner's spec (initializer.go: `Initializer = Runner.DeepCopy()`), so spec.runner.image
    // moves both. The controller's image shares its repository with the starter, tagged
    // controller-vX.Y.Z (charts/k6-operator values.yaml manager.image.tag).
    operator: 'k6 Operator',
    repository: 'github.com/grafana/k6-operator',
    images: ['ghcr.io/grafana/k6-operator'],
    tagVersion: '^controller-(v\\d+\\.\\d+\\.\\d+.*)$',
    resources: [{ group: 'k6.io', kind: 'TestRun' }],
    releases: readings(
      [
        { image: 'docker.io/grafana/k6:{tag}', unless: { field: 'spec.runner.image' } },
        { image: 'docker.io/grafana/k6:{tag}', unless: { field: 'spec.initializer.image' } },
        { image: 'ghcr.io/grafana/k6-operator:{tag}', unless: { field: 'spec.starter.image' } },
      ],
      [
        {
          versions: '>=1.0.0 <=1.4.0',
          read: 'v1.4.0',
          tags: 'latest latest latest-starter',
          at: 'pkg/resources/jobs/runner.go:87 pkg/resources/jobs/initializer.go:21 pkg/resources/jobs/starter.go:23',
        },
        {
          versions: '1.5.0',
          read: 'v1.5.0',
          tags: 'latest latest latest-starter',
          at: 'pkg/resources/jobs/runner.go:87 pkg/resources/jobs/initializer.go:23 pkg/resources/jobs/starter.go:27',
        },
        {
          versions: '1.6.0',
          read: 'v1.6.0',
          tags: 'latest latest latest-starter',
          at: 'pkg/resources/jobs/runner.go:85 pkg/resources/jobs/initializer.go:24 pkg/resources/jobs/starter.go:19',
        },
      ],
    ),
  },
  {
    operator: 'kubit',
    repository: 'github.com/kubecfg/kubit',
    images: ['ghcr.io/kubecfg/kubit'],
    resources: [{ group: 'kubecfg.dev', kind: 'AppInstance' }],
    // each AppInstance is rendered by a job (kubecfg in a kubectl image) and applied by another
    releases: [
      ...readings(
        [
          { image: 'registry.k8s.io/kubectl:{tag}', unless: { env: 'KUBIT_RENDER_STEP_KUBECTL_IMAGE' } },
          { image: 'docker.io/bitnami/kubectl:{tag}', unless: { env: 'KUBIT_APPLY_STEP_KUBECTL_IMAGE' } },
        ],
        [{ versions: '>=0.0.19 <=0.0.21', read: 'v0.0.21', tags: 'v1.28.0 1.27.5', at: 'src/controller.rs:47 src/apply.rs:8' }],
      ),
      ...readings(
        [
          { image: 'registry.k8s.io/kubectl:{tag}', unless: { env: 'KUBIT_RENDER_STEP_KUBECTL_IMAGE' } },
          { image: 'registry.k8s.io/kubectl:{tag}', unless: { env: 'KUBIT_APPLY_STEP_KUBECTL_IMAGE' } },
        ],
        [{ versions: '0.0.22', read: 'v0.0.22', tags: 'v1.28.0 v1.28.0', at: 'src/controller.rs:47 src/apply.rs:8' }],
      ),
    ],
    uncovered: {
      images:
        "ghcr.io/kubecfg/kubecfg/kubecfg (env KUBIT_KUBECFG_IMAGE) at the kubecfg version the AppInstance's package (spec.package.image, an OCI artifact) names in its metadata, and every image the package's manifests run (its oci.image.list): both known only from the package",
      at: 'src/oci.rs:80',
    },
  },
  {
    operator: 'BuildKit controller (smrt-devops)',
    repository: 'github.com/smrt-devops/buildkit-controller',
    images: ['ghcr.io/smrt-devops/buildkit-controller/controller'],
    resources: [{ group: 'buildkit.smrt-devops.net', kind: 'BuildKitPool' }],
    // its chart runs :latest (read at ebbe7c3, the default branch), which no release names: the
    // buildkitd image each BuildKitPool without spec.buildkitImage gets (compiled in,
    // internal/controller/pool_controller.go:176; no flag or env redirects it) is warned of, never
    // listed as a guess for a build nobody can name
    releases: [],
    uncovered: {
      images:
        'docker.io/moby/buildkit:master-rootless (at ebbe7c3) for each BuildKitPool without spec.buildkitImage; no setting of the controller redirects it, so values cannot: give each pool spec.buildkitImage on the target',
      at: 'internal/resources/common.go:12',
    },
  },
  {
    operator: "Octopus Deploy's Kubernetes agent",
    repository: 'github.com/OctopusDeploy/OctopusTentacle',
    images: ['docker.io/octopusdeploy/kubernetes-agent-tentacle'],
    // read at 9.2.4285: the script pods' image when OCTOPUS__K8STENTACLE__SCRIPTPODIMAGE is not given
    // (the chart writes it only for a deployment target or a worker with an image set) is the tools
    // image tagged by the cluster's Kubernetes version at run time, which no render knows
    releases: [],
    uncovered: {
      images:
        'docker.io/octopusdeploy/kubernetes-agent-tools-base:TAG for every script pod unless OCTOPUS__K8STENTACLE__SCRIPTPODIMAGE (+ SCRIPTPODIMAGETAG) is set, TAG from the cluster: CLUSTER-REVISIONHASH from metadata fetched online, else (an isolated network) 1.MINOR for 1.26 to 1.36, else latest; mirror the tag of your clusters and set scriptPods.deploymentTarget.image.repository and .tag to it',
      at: 'source/Octopus.Tentacle/Kubernetes/KubernetesPodContainerResolver.cs:63',
    },
  },
  {
    // read at v0.81.1: the chart names only the helpers the operator is given by env
    // (IMAGE_PIPELINES_PROXY, IMAGE_JOB_PRUNER_TKN); the components come from release manifests
    // fetched into the operator's image at build time (kodata, pinned by components.yaml), by
    // digest, which no source file names
    operator: 'Tekton Operator',
    repository: 'github.com/tektoncd/operator',
    images: ['ghcr.io/tektoncd/operator/operator-303303c315a48490ba6517859ef65b77'],
    resources: [{ group: 'operator.tekton.dev', kind: 'TektonConfig' }],
    releases: [],
    uncovered: {
      images:
        "the images of every Tekton component its TektonConfig installs (created with profile `all` while AUTOINSTALL_COMPONENTS is true: Pipelines, Triggers, Chains, Dashboard, the pruner), from the release manifests bundled in the operator's image at the versions its components.yaml pins (v0.81.1: Pipelines v1.15.0, Triggers v0.37.0, Chains v0.29.1, Dashboard v0.71.0), by digest; and what Pipelines adds to each TaskRun's pods (entrypoint, nop, workingdirinit, sidecarlogresults); each can be set by an IMAGE_<COMPONENT>_<NAME> env var of the operator",
      at: 'pkg/reconciler/shared/tektonconfig/instance.go:119',
    },
  },
  {
    // each WebSite runs an nginx Deployment and a repo-checker Deployment (website_controller.go:563
    // and :338) at the images the operator is given (NGINX_CONTAINER_IMAGE or
    // --nginx-container-image, REPOCHECKER_CONTAINER_IMAGE or --repochecker-container-image,
    // cmd/website-operator/cmd/root.go:43-57), else these compiled in: the repo-checker at the
    // operator's own version (goreleaser's -X Version). The WebSite's buildImage is the user's own.
    // Read at every release from v0.7.0 (holdout AA); the images moved from zoetrope's to
    // cybozu-go's namespace at v0.11.2
    operator: 'Website Operator',
    repository: 'github.com/cybozu-go/website-operator',
    images: ['ghcr.io/cybozu-go/website-operator', 'ghcr.io/zoetrope/website-operator'],
    resources: [{ group: 'website.zoetrope.github.io', kind: 'WebSite' }],
    releases: [
      { versions: '>=0.7.0 <=0.10.0', read: 'v0.10.0', defaults: websiteDefaults('ghcr.io/zoetrope/nginx:1.22.1', 'ghcr.io/zoetrope/repo-checker') },
      { versions: '>=0.10.1 <=0.11.1', read: 'v0.11.1', defaults: websiteDefaults('ghcr.io/zoetrope/nginx:1.28.0', 'ghcr.io/zoetrope/repo-checker') },
      {
        versions: '>=0.11.2 <=0.11.3',
        read: 'v0.11.3',
        defaults: websiteDefaults('ghcr.io/cybozu-go/website-operator-nginx:1.28.3.0', 'ghcr.io/cybozu-go/website-operator-repo-checker'),
      },
    ],
  },
];
