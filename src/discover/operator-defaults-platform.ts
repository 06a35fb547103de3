// Operator defaults (operator-defaults.ts) of the platform operators of no other family: GPUs and
// device plugins (NVIDIA, Intel), cluster diagnosis (k8sgpt),
// compute (Spark), notebooks (Jupyter Enterprise Gateway), integration (Camel K), backup (Kanister), fleet management (Sveltos),
// batch scheduling (YuniKorn), Slurm clusters (Nebius' soperator), cluster lifecycle (Cluster API Operator), ML training jobs (KubeDL),
// virtualization (KubeVirt), kubespray clusters (kubean) and bare-metal provisioning and upgrades (Harvester seeder, SUSE Edge's
// upgrade-controller), and multi-cluster search read to start nothing (Clusterpedia).
// Each entry as read from the operator's source.
import { readings, type DefaultShape, type OperatorEntry } from './operator-defaults-model.js';

// Intel's device plugins: the webhook's Default() fills an empty spec.image of each kind with
// intel/intel-KIND-plugin: + the operator's minimum image version (pkg/controllers/reconciler.go:39)
const INTEL_KINDS = ['Dlb', 'Dsa', 'Fpga', 'Gpu', 'Iaa', 'Npu', 'Qat', 'Sgx'] as const;
const intelPlugins: DefaultShape[] = INTEL_KINDS.map((k) => ({
  image: `docker.io/intel/intel-${k.toLowerCase()}-plugin:{tag}`,
  kind: `${k}DevicePlugin`,
  unless: { field: 'spec.image' },
}));
const INTEL_AT = INTEL_KINDS.map((k, i) => `pkg/apis/deviceplugin/v1/${k.toLowerCase()}deviceplugin_webhook.go:${[23, 25, 23, 29, 25, 23, 25, 23][i]}`).join(
  ' ',
);

// KubeVirt's virt-operator splits its own reference (env VIRT_OPERATOR_IMAGE, which charts set to
// the pod's image) into REGISTRY/PREFIX + virt-operator + :TAG (pkg/virt-operator/util/config.go)
// and runs its components beside it: virt-api, virt-controller, the virt-handler DaemonSet, whose
// init container is virt-launcher, the image every VM runs. A KubeVirt resource's
// spec.imageRegistry puts them elsewhere, an env VIRT_API_IMAGE (and the like, config.go:49-52)
// names one whole; virt-exportproxy/-exportserver, pr-helper and
// sidecar-shim only come with feature gates (VMExport, PersistentReservation, Sidecar)
const KUBEVIRT_COMPONENTS = ['virt-api', 'virt-controller', 'virt-handler', 'virt-launcher'] as const;
const kubevirtRelease = (versions: string, read: string, lines: readonly string[]) => ({
  versions,
  read,
  defaults: KUBEVIRT_COMPONENTS.map((c, i) => ({
    image: `{operatorPath}/${c}:{operatorTag}`,
    at: `pkg/virt-operator/resource/generate/components/${lines[i]}`,
    unless: { field: 'spec.imageRegistry', takes: 'prefix' as const, alsoEnv: `${c.replace('-', '_').toUpperCase()}_IMAGE` },
  })),
});

const HYPERVISOR_BUSYBOX = 'keppel.global.cloud.sap/ccloud-dockerhub-mirror/library/busybox:latest';
const HYPERVISOR_LIFECYCLE = 'internal/controller/gardener_node_lifecycle_controller.go';

export const PLATFORM_OPERATORS: readonly OperatorEntry[] = [
  {
    // cluster provisioning by kubespray: a ClusterOperation's Job runs the resource's spec.image
    // (the user's; a tagless one takes the KubeanInfoManifest's kubeanVersion,
    // pkg/controllers/clusterops/controller.go:345). Read, it pulls nothing of its own (holdout OO)
    operator: 'kubean',
    repository: 'github.com/kubean-io/kubean',
    images: ['ghcr.io/kubean-io/kubean-operator'],
    releases: [{ versions: '0.35.1', read: 'v0.35.1', defaults: [] }],
  },
  {
    operator: 'KubeVirt',
    repository: 'github.com/kubevirt/kubevirt',
    // SUSE's rebuilds (its tags VERSION-CODE.BUILD) run the same source
    images: ['quay.io/kubevirt/virt-operator', 'registry.suse.com/suse/sles/15.6/virt-operator', 'registry.suse.com/suse/sles/15.7/virt-operator'],
    resources: [{ group: 'kubevirt.io', kind: 'KubeVirt' }],
    releases: [
      kubevirtRelease('>=1.6.0 <=1.6.6', 'v1.6.6', ['deployments.go:315', 'deployments.go:395', 'daemonsets.go:71', 'daemonsets.go:76']),
      kubevirtRelease('>=1.7.0 <=1.7.4', 'v1.7.4', ['deployments.go:317', 'deployments.go:397', 'daemonsets.go:72', 'daemonsets.go:77']),
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
    operator: 'Cluster API Operator',
    repository: 'github.com/kubernetes-sigs/cluster-api-operator',
    images: ['registry.k8s.io/capi-operator/cluster-api-operator', 'gcr.io/k8s-staging-capi-operator/cluster-api-operator'],
    resources: [
      'CoreProvider',
      'BootstrapProvider',
      'ControlPlaneProvider',
      'InfrastructureProvider',
      'AddonProvider',
      'IPAMProvider',
      'RuntimeExtensionProvider',
    ].map((kind) => ({ group: 'operator.cluster.x-k8s.io', kind })),
    releases: [],
    // the operator fetches the release components of the provider a resource names (metadata.name,
    // spec.version; manifests_downloader.go:280) and applies them: their controller image is
    // pulled, the manager container's spec.deployment.containers[].imageUrl put in its place
    // (component_customizer.go:324). Each provider's image as its release builds the components,
    // read at the provider's repository (`at` is there)
    uncovered: {
      images: 'the controller images of providers not named here, from each release',
      at: 'internal/controller/manifests_downloader.go:280',
      forLater: true,
    },
    fromResource: [
      ...['InfrastructureProvider', 'BootstrapProvider', 'ControlPlaneProvider'].map((per) => ({
        // IMG=quay.io/k0sproject/k0smotron:<release tag>
        image: 'quay.io/k0sproject/k0smotron:{cr:spec.version}',
        at: '.github/workflows/release.yml:110',
        source: 'k0sproject/k0smotron@v2.1.0',
        per,
        named: 'k0sproject-k0smotron',
        unless: { field: 'spec.deployment.containers[name=manager].imageUrl' },
      })),
      {
        // REGISTRY quay.io/capk, IMAGE_NAME capk-manager, TAG the release
        image: 'quay.io/capk/capk-manager:{cr:spec.version}',
        at: '.github/workflows/create_release.yaml:45',
        source: 'kubernetes-sigs/cluster-api-provider-kubevirt@v0.11.2',
        per: 'InfrastructureProvider',
        named: 'kubevirt',
        unless: { field: 'spec.deployment.containers[name=manager].imageUrl' },
      },
    ],
  },
  {
    operator: 'Intel Device Plugins Operator',
    repository: 'github.com/intel/intel-device-plugins-for-kubernetes',
    images: ['docker.io/intel/intel-deviceplugin-operator'],
    resources: INTEL_KINDS.map((k) => ({ group: 'deviceplugin.intel.com', kind: `${k}DevicePlugin` })),
    // the user makes a resource per device kind the nodes have; each is defaulted at admission
    // (pkg/apis/deviceplugin/v1/webhook_common.go), so every kind's image is listed
    releases: readings(intelPlugins, [
      { versions: '0.35.0', read: 'v0.35.0', tags: Array(8).fill('0.35.0').join(' '), at: INTEL_AT },
      { versions: '0.36.0', read: 'v0.36.0', tags: Array(8).fill('0.36.0').join(' '), at: INTEL_AT },
    ]),
  },
  {
    operator: 'K8sGPT Operator',
    repository: 'github.com/k8sgpt-ai/k8sgpt-operator',
    images: ['ghcr.io/k8sgpt-ai/k8sgpt-operator'],
    resources: [{ group: 'core.k8sgpt.ai', kind: 'K8sGPT' }],
    // a Deployment per K8sGPT: spec.repository (CRD default ghcr.io/k8sgpt-ai/k8sgpt,
    // api/v1alpha1/k8sgpt_types.go:158) + ":" + spec.version, an empty version `latest` (since
    // v0.2.26; before, an empty version made no valid reference)
    releases: readings(
      [{ image: 'ghcr.io/k8sgpt-ai/k8sgpt:{tag}', unless: { field: 'spec.repository', takes: 'repository' } }],
      [{ versions: '>=0.2.26 <=0.2.27', read: 'v0.2.27', tags: 'latest', at: 'pkg/resources/k8sgpt.go:290' }],
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
    operator: 'Jupyter Enterprise Gateway',
    repository: 'github.com/jupyter-server/enterprise_gateway',
    images: ['docker.io/elyra/enterprise-gateway'],
    // the kernelspecs its image carries (etc/Makefile: the *_kubernetes and *_operator ones, VERSION
    // replaced by the image's tag); the chart's kernel-image-puller DaemonSet asks the gateway for
    // them (KIP_IMAGE_FETCHER KernelSpecsFetcher) and pulls each image_name on every node, and each
    // kernel a user starts runs it (EG_ALLOWED_KERNELS lists all nine by default)
    releases: [
      {
        versions: '>=3.0.0 <=3.3.0',
        read: 'v3.3.0',
        defaults: [
          { image: 'docker.io/elyra/kernel-py:{operatorTag}', at: 'etc/kernelspecs/python_kubernetes/kernel.json:8' },
          { image: 'docker.io/elyra/kernel-r:{operatorTag}', at: 'etc/kernelspecs/R_kubernetes/kernel.json:8' },
          { image: 'docker.io/elyra/kernel-tf-py:{operatorTag}', at: 'etc/kernelspecs/python_tf_kubernetes/kernel.json:8' },
          { image: 'docker.io/elyra/kernel-tf-gpu-py:{operatorTag}', at: 'etc/kernelspecs/python_tf_gpu_kubernetes/kernel.json:8' },
          { image: 'docker.io/elyra/kernel-scala:{operatorTag}', at: 'etc/kernelspecs/scala_kubernetes/kernel.json:8' },
          { image: 'docker.io/elyra/kernel-spark-r:{operatorTag}', at: 'etc/kernelspecs/spark_R_kubernetes/kernel.json:8' },
          { image: 'docker.io/elyra/kernel-spark-py:{operatorTag}', at: 'etc/kernelspecs/spark_python_kubernetes/kernel.json:8' },
        ],
      },
    ],
  },
  {
    operator: 'Camel K',
    repository: 'github.com/apache/camel-k',
    images: ['docker.io/apache/camel-k'],
    // the base image every Integration is built on (Jib, inside the operator, pulls it from its
    // registry); KAMEL_BASE_IMAGE (or RELATED_IMAGE_BASE, pkg/util/defaults/defaults_support.go:28) overrides it
    releases: [
      {
        versions: '>=2.7.0 <=2.10.1',
        read: 'v2.10.1',
        defaults: [{ image: 'docker.io/library/eclipse-temurin:21-jdk', at: 'pkg/util/defaults/defaults.go:32', unless: { env: 'KAMEL_BASE_IMAGE' } }],
      },
      {
        // the development build of this commit (the chart's appVersion)
        versions: '2.11.0-SNAPSHOT',
        read: '4782ebd227bf6bb0357770158b65fb57f82dd7f4',
        defaults: [
          {
            image: 'docker.io/library/eclipse-temurin:17-jdk@sha256:a27c79d44326d5f689668df5fedfee487652066d2a91e172747056cc7fbee6fc',
            at: 'pkg/util/defaults/defaults.go:38',
            unless: { env: 'KAMEL_BASE_IMAGE' },
          },
        ],
      },
    ],
  },
  {
    operator: 'KubeDL',
    repository: 'github.com/kubedl-io/kubedl',
    images: ['docker.io/kubedl/kubedl'],
    // what the jobs users submit get: every MPIJob's launcher its kubectl-delivery init container,
    // a ModelVersion its kaniko build pod, a job with a git code source its git-sync init
    // container (the annotation's git config may name another image). An elastic PyTorchJob's
    // worker also waits in alpine:3.10 (pytorchjob_controller.go:273), behind an annotation: not listed
    releases: [
      {
        versions: '>=0.4.0 <=0.5.0',
        read: 'v0.5.0',
        defaults: [
          { image: 'docker.io/kubedl/kubectl-delivery:latest', at: 'controllers/mpi/mpijob_controller.go:60', unless: { flag: '--kubectl-delivery-image' } },
          { image: 'docker.io/kubedl/kaniko:latest', at: 'main.go:67', unless: { flag: '--model-image-builder' } },
          { image: 'docker.io/kubedl/git-sync:v1', at: 'pkg/code_sync/git_sync_handler.go:12' },
        ],
      },
    ],
  },
  {
    operator: 'Apache YuniKorn',
    repository: 'github.com/apache/yunikorn-k8shim',
    images: ['docker.io/apache/yunikorn'],
    // the scheduler, standalone or as a kube-scheduler plugin, per architecture or not
    // (yunikorn-release's build-image.py create_image_name); admission-VERSION and web-VERSION are
    // other components
    tagVersion: '^scheduler-(?:plugin-)?(?:amd64-|arm64-)?(.+)$',
    // the placeholder pods of gang scheduling (pkg/cache/placeholder.go:88); the yunikorn-defaults
    // ConfigMap's service.placeholderImage overrides it, a setting this model does not read: a
    // chart that sets it gets both listed
    releases: [{ versions: '>=1.4.0 <=1.9.0', read: 'v1.9.0', defaults: [{ image: 'registry.k8s.io/pause:3.7', at: 'pkg/common/constants/constants.go:76' }] }],
  },
  {
    // a Slurm cluster operator (HPC): each SlurmCluster runs its sconfig controller Deployment, whose
    // init-dir container is this compiled-in tagless busybox (reconcile.go:275, unconditional), and
    // with spec.slurmExporter enabled the exporter's no-op munge container from the same reference
    // tagged latest (internal/render/exporter/deployment.go:78). No field, flag or env moves either.
    // Slurm's own images are required SlurmCluster fields. Alike at every tag from 4.0.0 to 4.1.7
    // and at the commit whose VERSION is 5.0.0 (the chart's appVersion), read
    operator: 'Soperator (Nebius Slurm operator)',
    repository: 'github.com/nebius/soperator',
    images: ['cr.eu-north1.nebius.cloud/soperator/slurm-operator'],
    resources: [{ group: 'slurm.nebius.ai', kind: 'SlurmCluster' }],
    releases: [
      {
        versions: '>=4.0.0 <=5.0.0',
        read: 'c238d993341a9f52b132062fbc3cb22f0fb63578',
        defaults: [{ image: 'cr.eu-north1.nebius.cloud/soperator/busybox:latest', at: 'internal/consts/sconfigcontroller.go:4', kind: 'SlurmCluster' }],
      },
    ],
  },
  {
    operator: 'Harvester seeder',
    repository: 'github.com/harvester/seeder',
    images: ['docker.io/rancher/harvester-seeder'],
    // read at e70ca23 (main): a Tinkerbell Template per Cluster the user applies, whose actions the
    // machines' tink-worker pulls; the ConfigMap tink-images in its namespace overrides them
    releases: [],
    uncovered: {
      images:
        'for each Cluster a user applies, the Tinkerbell workflow actions docker.io/gmehta3/image2disk:dev, docker.io/gmehta3/configure-harvester:latest and docker.io/gmehta3/reboot:latest (ConfigMap tink-images keys stream-harvester-image, configure-harvester-image, reboot-harvester-image replace them)',
      at: 'pkg/tink/types.go:57',
    },
  },
  {
    operator: "SUSE Edge's upgrade-controller",
    repository: 'github.com/suse-edge/upgrade-controller',
    images: ['registry.opensuse.org/isv/suse/edge/lifecycle/containerfile/upgrade-controller'],
    // read at v0.1.0: RELEASE_MANIFEST_IMAGE is a repository the controller tags per UpgradePlan
    // (internal/controller/release_manifest.go:38-40), then SUC Plans run what that manifest names
    releases: [],
    taggedEnv: [{ env: 'RELEASE_MANIFEST_IMAGE', at: 'internal/controller/release_manifest.go:38' }],
    uncovered: {
      images:
        "for each UpgradePlan a user applies, RELEASE_MANIFEST_IMAGE:VERSION (the plan's spec.releaseVersion without its v; not the :latest its env alone reads as), then docker.io/rancher/rke2-upgrade or docker.io/rancher/k3s-upgrade at the manifest's Kubernetes version and registry.suse.com/bci/bci-base:15.6 for the OS upgrade (internal/upgrade/kubernetes.go:13, internal/upgrade/os.go:140)",
      at: 'internal/controller/release_manifest.go:38',
    },
  },
  {
    operator: 'Stakater Reloader',
    repository: 'github.com/stakater/Reloader',
    images: ['ghcr.io/stakater/reloader', 'docker.io/stakater/reloader'],
    // the Jobs its role lets it create are its users': a CronJob's jobTemplate run once, a Job
    // re-created as it was (internal/pkg/callbacks/rolling_upgrade.go CreateJobFromCronjob,
    // ReCreateJobFromjob); every image string of its source is under test/. Read alike at every
    // tag from v1.3.0 to v1.4.21 (holdout LL: simplyblock's subchart, and its own chart)
    releases: [{ versions: '>=1.3.0 <=1.4.21', read: 'v1.4.21', defaults: [] }],
  },
  {
    // SAP CobaltCore's hypervisor operator: for each Hypervisor with spec.lifecycleEnabled its
    // Gardener node lifecycle controller (set up unconditionally, cmd/main.go:332) applies a
    // per-node maintenance Deployment running a busybox compiled in at SAP's mirror; its chart runs
    // the operator at latest, so the newest release read stands for it (v1.0.0 to v1.2.3 and the newest
    // commit 8ee7e08c, :250, name the same image)
    operator: 'OpenStack Hypervisor Operator',
    repository: 'github.com/cobaltcore-dev/openstack-hypervisor-operator',
    images: ['ghcr.io/cobaltcore-dev/openstack-hypervisor-operator'],
    resources: [{ group: 'kvm.cloud.sap', kind: 'Hypervisor' }],
    releases: [
      { versions: '>=1.0.0 <=1.2.0', read: 'v1.2.0', defaults: [{ image: HYPERVISOR_BUSYBOX, at: `${HYPERVISOR_LIFECYCLE}:207` }] },
      { versions: '>=1.2.1 <=1.2.3', read: 'v1.2.3', defaults: [{ image: HYPERVISOR_BUSYBOX, at: `${HYPERVISOR_LIFECYCLE}:211` }] },
    ],
  },
  {
    // Clusterpedia's API server, cluster synchro manager and controller manager: their ClusterRole
    // may create workloads, but they only read the member clusters' resources into the database
    // and record events; no Pod, Job or workload is created and no image named outside vendor/ and
    // tests (read at v0.9.0, the chart's 2.6.0; holdout JJ)
    operator: 'Clusterpedia',
    repository: 'github.com/clusterpedia-io/clusterpedia',
    images: [
      'ghcr.io/clusterpedia-io/clusterpedia/apiserver',
      'ghcr.io/clusterpedia-io/clusterpedia/clustersynchro-manager',
      'ghcr.io/clusterpedia-io/clusterpedia/controller-manager',
    ],
    releases: [{ versions: '0.9.0', read: 'v0.9.0', defaults: [] }],
  },
];
