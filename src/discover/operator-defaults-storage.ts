// Operator defaults (operator-defaults.ts) of the operators that install storage drivers: the CSI
// sidecars and plugins they deploy by defaults compiled into them (Ceph CSI, Trident, Portworx,
// SeaweedFS), the object stores they run (Garage), the secret stores whose helpers they run
// (OpenBao's init, backup and upgrade executors) and, read to start nothing, a shuffle service
// (Celeborn), a backup console (Velero UI) and a computation middleware (Linkis). Each entry as
// read from the operator's source.
import { readings, type OperatorEntry } from './operator-defaults-model.js';

/** The TridentOrchestrator's imageRegistry takes the place of registry.k8s.io/sig-storage for every sidecar (yaml_factory.go:607). */
const TRIDENT_REGISTRY = { field: 'spec.imageRegistry', takes: 'prefix' } as const;

export const STORAGE_OPERATORS: readonly OperatorEntry[] = [
  {
    operator: 'Ceph CSI Operator',
    repository: 'github.com/ceph/ceph-csi-operator',
    images: ['quay.io/cephcsi/ceph-csi-operator'],
    resources: [{ group: 'csi.ceph.io', kind: 'Driver' }],
    releases: [
      {
        // the images of every Driver's controller and node plugins, unless an OperatorConfig or the
        // Driver names a ConfigMap of others (spec.imageSet)
        versions: '>=1.0.1 <=1.0.4',
        read: 'v1.0.4',
        defaults: [
          { image: 'quay.io/cephcsi/cephcsi:v3.17.0', at: 'internal/controller/defaults.go:37' },
          { image: 'registry.k8s.io/sig-storage/csi-provisioner:v6.2.0', at: 'internal/controller/defaults.go:31' },
          { image: 'registry.k8s.io/sig-storage/csi-attacher:v4.12.0', at: 'internal/controller/defaults.go:32' },
          { image: 'registry.k8s.io/sig-storage/csi-resizer:v2.1.0', at: 'internal/controller/defaults.go:33' },
          { image: 'registry.k8s.io/sig-storage/csi-snapshotter:v8.5.0', at: 'internal/controller/defaults.go:34' },
          { image: 'registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.17.0', at: 'internal/controller/defaults.go:35' },
          { image: 'quay.io/csiaddons/k8s-sidecar:v0.14.0', at: 'internal/controller/defaults.go:38' },
        ],
      },
    ],
  },
  {
    operator: 'Trident Operator',
    repository: 'github.com/NetApp/trident',
    images: ['docker.io/netapp/trident-operator'],
    resources: [{ group: 'trident.netapp.io', kind: 'TridentOrchestrator' }],
    releases: [
      {
        // 26.10.0 untagged when read: the newest commit of its development
        versions: '26.10.0',
        read: '71dd7161840c3d1ef0be16a97891f745e9224e27',
        defaults: [
          { image: 'registry.k8s.io/sig-storage/csi-provisioner:v6.3.0', at: 'config/config.go:281', unless: TRIDENT_REGISTRY },
          { image: 'registry.k8s.io/sig-storage/csi-attacher:v4.11.0', at: 'config/config.go:282', unless: TRIDENT_REGISTRY },
          { image: 'registry.k8s.io/sig-storage/csi-resizer:v2.1.0', at: 'config/config.go:283', unless: TRIDENT_REGISTRY },
          { image: 'registry.k8s.io/sig-storage/csi-snapshotter:v8.6.0', at: 'config/config.go:284', unless: TRIDENT_REGISTRY },
          { image: 'registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.17.0', at: 'config/config.go:285', unless: TRIDENT_REGISTRY },
          { image: 'registry.k8s.io/sig-storage/livenessprobe:v2.19.0', at: 'config/config.go:286', unless: TRIDENT_REGISTRY },
        ],
      },
    ],
  },
  {
    operator: 'Portworx Operator',
    repository: 'github.com/libopenstorage/operator',
    images: ['docker.io/portworx/px-operator'],
    resources: [{ group: 'core.libopenstorage.org', kind: 'StorageCluster' }],
    // read at 303cc373 (August 2024, the newest source published; charts run later releases): the
    // images of a StorageCluster's components are named by a version manifest fetched at run time
    releases: [],
    uncovered: {
      images:
        "the images of every StorageCluster's components (Stork and its scheduler, the CSI sidecars, Autopilot, telemetry, the plugin): named by the version manifest the operator downloads from https://install.portworx.com for the StorageCluster's Portworx version (drivers/storage/portworx/manifest/multiple.go:23), or by a px-versions ConfigMap put there by hand (manifest/configmap.go:14), and pulled from spec.customImageRegistry when the StorageCluster sets one",
      at: 'drivers/storage/portworx/manifest/remote.go:16',
    },
  },
  {
    // each SeaweedCSIDriver (an opt-in object the user applies) runs the CSI controller and node
    // plugin: the driver and mount images its CRD defaults (kubebuilder markers of its source; the
    // mount also compiled in, seaweedcsidriver_objects.go:445), the sig-storage sidecars compiled in
    // unless spec.sidecars names them (seaweedcsidriver_objects.go:115-128). A Seaweed names its own
    // image (spec.image, no default). Alike at every release tag from 1.0.27 (where the driver
    // appeared) to 1.0.36
    operator: 'SeaweedFS Operator',
    repository: 'github.com/seaweedfs/seaweedfs-operator',
    images: ['docker.io/chrislusf/seaweedfs-operator'],
    resources: [{ group: 'seaweed.seaweedfs.com', kind: 'SeaweedCSIDriver' }],
    releases: readings(
      [
        { image: 'docker.io/chrislusf/seaweedfs-csi-driver:{tag}', unless: { field: 'spec.image' } },
        { image: 'docker.io/chrislusf/seaweedfs-mount:{tag}', unless: { field: 'spec.mountService.image' } },
        { image: 'registry.k8s.io/sig-storage/csi-provisioner:{tag}', unless: { field: 'spec.sidecars.provisioner' } },
        { image: 'registry.k8s.io/sig-storage/csi-resizer:{tag}', unless: { field: 'spec.sidecars.resizer' } },
        { image: 'registry.k8s.io/sig-storage/csi-attacher:{tag}', unless: { field: 'spec.sidecars.attacher' } },
        { image: 'registry.k8s.io/sig-storage/csi-node-driver-registrar:{tag}', unless: { field: 'spec.sidecars.nodeDriverRegistrar' } },
        { image: 'registry.k8s.io/sig-storage/livenessprobe:{tag}', unless: { field: 'spec.sidecars.livenessProbe' } },
      ],
      [
        {
          versions: '>=1.0.27 <=1.0.36',
          read: '1.0.36',
          tags: 'v1.4.20 v1.4.20 v3.5.0 v1.8.0 v4.3.0 v2.8.0 v2.10.0',
          at: 'api/v1/seaweedcsidriver_types.go:36 :40 internal/controller/seaweedcsidriver_objects.go:116 :119 :122 :125 :128',
        },
      ],
    ),
  },
  {
    // the Cluster the chart renders names every component's image whole (the site table finds
    // them), but for DRBD: the operator starts an adapter Job on each node with the shipper
    // repository at the DRBD version joined to the shipper's tag (`v9.0.32-1_v0.4.3`), beside the
    // kernel module builder of that node's OS, the shipper repository with `shipper` replaced by
    // the distribution (drbd9-rhel8, drbd9-jammy...). Read at v1.0.1, the operator the chart's
    // v0.16.5 runs (alike at v1.0.2)
    operator: 'HwameiStor Operator',
    repository: 'github.com/hwameistor/hwameistor-operator',
    images: ['ghcr.io/hwameistor/operator'],
    resources: [{ group: 'hwameistor.io', kind: 'Cluster' }],
    releases: [],
    fromResource: [
      {
        image: '{cr:spec.drbd.shipper.registry}/{cr:spec.drbd.shipper.repository}:{cr:spec.drbd.drbdVersion}_{cr:spec.drbd.shipper.tag}',
        at: 'pkg/install/drbd/drbd_adapter.go:166',
        per: 'Cluster',
        when: 'spec.drbd.disable',
        joinsBlock: 'spec.drbd.shipper',
        unless: { field: 'spec.drbd.shipper.registry', takes: 'registry' },
        source: 'hwameistor/hwameistor-operator@v1.0.1',
      },
    ],
    uncovered: {
      images:
        "the DRBD kernel module builder of each node's OS, the shipper's registry and repository with `shipper` replaced by the distribution (drbd9-rhel7, -rhel8, -rhel9, -bionic, -focal, -jammy, -kylin10), at the shipper's joined tag, unless the Cluster sets spec.drbd.disable",
      at: 'pkg/install/drbd/drbd_adapter.go:177',
    },
  },
  {
    // each GarageCluster's StatefulSet runs spec.image.repository:spec.image.tag, each part the
    // controller defaults when unset (garageImage, garagecluster_resources.go:124): the CRD's own
    // defaults of both apply only inside a spec.image the resource gives (holdout AA). Its chart
    // deploys the operator at 0.1.0, which no tag has: read at 17875dfc (the chart's commit), and
    // at v0.1.0-rc.1 (garage v2.0.0)
    operator: 'Garage Operator',
    repository: 'github.com/QuantumDancer/garage-operator',
    images: ['ghcr.io/quantumdancer/garage-operator'],
    resources: [{ group: 'garage.rottler.io', kind: 'GarageCluster' }],
    releases: readings(
      [{ image: 'docker.io/dxflrs/amd64_garage:{tag}', kind: 'GarageCluster', unless: { field: 'spec.image.repository', takes: 'repository' } }],
      [
        { versions: '0.1.0-rc.1', read: 'v0.1.0-rc.1', tags: 'v2.0.0', at: 'internal/controller/garagecluster_resources.go:116' },
        { versions: '0.1.0', read: '17875dfcfaae8972ef0ca3010e277703f9081756', tags: 'v2.3.0', at: 'internal/controller/garagecluster_resources.go:116' },
      ],
    ),
  },
  {
    // the OpenBao operator: a cluster with spec.backup (and the snapshot before an upgrade) gets a
    // backup Job, an upgrade an upgrade Job; each image a repository compiled in
    // (internal/constants/env.go:103-109), which
    // OPERATOR_*_IMAGE_REPOSITORY replaces, tagged with OPERATOR_VERSION (images.go:57-67, the
    // chart sets it to its appVersion); the cluster's spec.*.image names another. OpenBao itself is
    // openbao/openbao:<spec.version>, no default (spec.version is required). Every cluster's init
    // container runs the init default (statefulset_builder.go:47) unless spec.initContainer.image,
    // which the chart's admission policy validate-openbaocluster (Deny; admissionPolicies.enabled,
    // on by default) requires: pulled only where that policy is off. Read at main, the chart's 0.0.0
    // (no release yet)
    operator: 'OpenBao Operator',
    repository: 'github.com/dc-tec/openbao-operator',
    images: ['ghcr.io/dc-tec/openbao-operator'],
    resources: [{ group: 'openbao.org', kind: 'OpenBaoCluster' }],
    releases: [
      {
        versions: '0.0.0',
        read: '002fbddb966f408e92d3387985d304d145deea6a',
        defaults: (
          [
            ['init', 'internal/infra/statefulset_builder.go:47'],
            ['backup', 'internal/backup/job_builder.go:489'],
            ['upgrade', 'internal/upgrade/job.go:204'],
          ] as const
        ).map(([helper, at]) => ({
          image: `ghcr.io/dc-tec/openbao-${helper}:{env:OPERATOR_VERSION}`,
          at,
          unless: { env: `OPERATOR_${helper.toUpperCase()}_IMAGE_REPOSITORY`, takes: 'repository' as const },
          ...(helper === 'init' ? { deniedBy: 'validate-openbaocluster' } : {}),
        })),
      },
    ],
  },
  {
    // Apache Celeborn's master and worker: the chart's Role lets them create pods, but the server
    // has no Kubernetes client at all (fabric8 appears only under tests/kubernetes-it); it starts
    // nothing (read at v0.7.0, the chart's appVersion; holdout JJ)
    operator: 'Apache Celeborn',
    repository: 'github.com/apache/celeborn',
    images: ['docker.io/apache/celeborn'],
    releases: [{ versions: '0.7.0', read: 'v0.7.0', defaults: [] }],
  },
  {
    // Velero UI: its chart binds it to cluster-admin, but the API server only creates and patches
    // Velero's custom objects (Backup, Restore, Schedule...: k8s-custom-object.service.ts:147) and
    // reads pods; Velero starts the pods (read at v0.10.0, the chart's 0.14.0; holdout LL)
    operator: 'Velero UI',
    repository: 'github.com/otwld/velero-ui',
    images: ['docker.io/otwld/velero-ui'],
    releases: [{ versions: '0.10.0', read: 'v0.10.0', defaults: [] }],
  },
  {
    // Apache Linkis: its chart's Role lets every service create pods, but 1.3.2 has no Kubernetes
    // client; the engine-conn manager starts engines as local processes
    // (LinuxProcessEngineConnLaunch.scala). The chart runs images it names `linkis`/`linkis-web`
    // (built locally or pulled from ghcr.io/apache/linkis; read at 1.3.2, the chart's appVersion)
    operator: 'Apache Linkis',
    repository: 'github.com/apache/linkis',
    images: ['docker.io/library/linkis', 'docker.io/library/linkis-web', 'ghcr.io/apache/linkis/linkis', 'ghcr.io/apache/linkis/linkis-web'],
    releases: [{ versions: '1.3.2', read: '1.3.2', defaults: [] }],
  },
];
