// Operator defaults (operator-defaults.ts) of applications and the operators that run them: a
// cluster UI's debug pods (Headlamp), a container manager's kubectl shell (Portainer), a log platform
// (Humio), SAP CAP applications and WordPress sites (Bitpoke), a chat server (Mattermost) and game servers (Shulker's
// Minecraft servers and proxies on Agones), a CMS (Enonic XP), WebAssembly hosts (wasmCloud), workflow engines (Temporal,
// Restate), cloud IDE sessions (Theia Cloud) and DNS sinkholes (a Pi-hole operator): what each runs for a resource or a session the user opens later, by defaults compiled
// into it. Each entry as read from the operator's source.
import { readings, type DefaultShape, type OperatorEntry } from './operator-defaults-model.js';

const RESTATE_TUNNEL: DefaultShape = {
  image: 'ghcr.io/restatedev/restate-cloud-tunnel-client:{tag}',
  kind: 'RestateCloudEnvironment',
  unless: { env: 'OPERATOR_TUNNEL_CLIENT_DEFAULT_IMAGE', field: 'spec.tunnel.image' },
};
const RESTATE_CANARY: Omit<DefaultShape, 'image'> = { kind: 'RestateCluster', when: 'spec.security.trustedCaCerts', unless: { env: 'CANARY_IMAGE' } };

export const APPLICATION_OPERATORS: readonly OperatorEntry[] = [
  {
    operator: "duchaineo1's Pi-hole operator",
    repository: 'github.com/duchaineo1/pihole-operator',
    images: ['ghcr.io/duchaineo1/pihole-operator'],
    resources: [{ group: 'pihole-operator.org', kind: 'Pihole' }],
    // each Pihole's StatefulSet is created with the compiled-in image whatever spec.image holds
    // (statefulSetForPihole), and moved to spec.image (the CRD defaults it to the same reference)
    // only by a later reconcile (pihole_controller.go:182): the first pod pulls this default, which
    // no setting moves
    releases: readings(
      [{ image: 'docker.io/pihole/pihole:{tag}', kind: 'Pihole' }],
      [{ versions: '1.0.27', read: 'v1.0.27', tags: '2025.11.0', at: 'internal/controller/pihole_controller.go:668' }],
    ),
  },
  {
    // Eclipse Theia Cloud's operator runs each session at its AppDefinition's spec.image (the
    // user's, DefaultDeploymentTemplateReplacements.java:103) and, given --keycloak, an oauth2-proxy
    // sidecar at a repository compiled into its deployment template, tagged with --oAuth2ProxyVersion
    // (default latest, TheiaCloudOperatorArguments.java:126); no setting moves that repository
    operator: 'Theia Cloud operator',
    repository: 'github.com/eclipse-theia/theia-cloud',
    images: ['docker.io/theiacloud/theia-cloud-operator'],
    resources: [{ group: 'theia.cloud', kind: 'AppDefinition' }],
    releases: [
      ['>=1.1.2 <=1.2.0', '1.2.0'],
      ['1.3.0-next', '3a8dbd5b84256ddd291be7bf671e1561a824c442'],
    ].map(([versions, read]) => ({
      versions: versions!,
      read: read!,
      defaults: [
        {
          image: 'quay.io/oauth2-proxy/oauth2-proxy:{flag:--oAuth2ProxyVersion|latest}',
          at: 'java/operator/org.eclipse.theia.cloud.operator/src/main/resources/templateDeployment.yaml:24',
          when: 'flag:--keycloak',
        },
      ],
    })),
  },
  {
    // SAP's CAP operator runs the deployments and jobs of a CAPApplicationVersion at the images its
    // spec.workloads name (the user's, reconcile-capapplicationversion.go:908 and :346). Read, it
    // pulls nothing of its own (holdout OO)
    operator: 'SAP CAP Operator',
    repository: 'github.com/SAP/cap-operator',
    images: ['ghcr.io/sap/cap-operator/controller'],
    releases: [{ versions: '0.34.0', read: 'v0.34.0', defaults: [] }],
  },
  {
    // an application, not an operator: the images of the node shell and pod debug pods a user opens
    // from its UI, the frontend's constants (frontend/src/helpers/clusterSettings.ts) unless the
    // server is given -node-shell-image / -pod-debug-image (backend/pkg/config/config.go:622-623),
    // which the chart writes from config.nodeShellImage / config.podDebugImage only when set
    operator: 'Headlamp',
    repository: 'github.com/kubernetes-sigs/headlamp',
    images: ['ghcr.io/headlamp-k8s/headlamp'],
    releases: readings(
      [
        { image: 'docker.io/library/busybox:{tag}', unless: { flag: '-node-shell-image' } },
        { image: 'docker.io/library/busybox:{tag}', unless: { flag: '-pod-debug-image' } },
      ],
      [
        { versions: '0.44.0', read: 'v0.44.0', tags: 'latest latest', at: 'frontend/src/helpers/clusterSettings.ts:43 :45' },
        { versions: '0.45.0', read: 'v0.45.0', tags: 'latest latest', at: 'frontend/src/helpers/clusterSettings.ts:48 :50' },
      ],
    ),
  },
  {
    // an application: the kubectl shell a user opens in its UI runs settings.KubectlShellImage,
    // seeded with portainer/kubectl-shell: + its own version from 2.22.0 (untagged before), and
    // changed only in its settings, with no flag or env the chart could set
    operator: 'Portainer',
    repository: 'github.com/portainer/portainer',
    images: ['docker.io/portainer/portainer-ce'],
    releases: [
      {
        versions: '>=2.22.0 <=2.23.0',
        read: '2.23.0',
        defaults: [
          { image: 'docker.io/portainer/kubectl-shell:{operatorTag}', at: 'api/portainer.go:1639', onAction: 'a user opens a kubectl shell in its UI' },
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
    operator: 'Shulker',
    repository: 'github.com/jeremylvln/Shulker',
    images: ['ghcr.io/jeremylvln/shulker-operator'],
    resources: [
      { group: 'shulkermc.io', kind: 'MinecraftServer' },
      { group: 'shulkermc.io', kind: 'MinecraftServerFleet' },
      { group: 'shulkermc.io', kind: 'ProxyFleet' },
    ],
    // each MinecraftServer(Fleet) and ProxyFleet the user applies becomes an Agones GameServer or
    // Fleet running these; a resource's spec podOverrides.image.name replaces the main container's
    // image (its own choice, not a setting of the chart), the init-fs container has no override
    releases: readings(
      [{ image: 'docker.io/itzg/minecraft-server:{tag}' }, { image: 'docker.io/itzg/mc-proxy:{tag}' }, { image: 'docker.io/library/alpine:{tag}' }],
      [
        {
          versions: '0.13.0',
          read: 'v0.13.0',
          tags: '2025.1.0-java21 2025.1.0-java21 latest',
          at: 'packages/shulker-operator/src/constants.rs:17 :16 packages/shulker-operator/src/reconcilers/minecraft_server/gameserver.rs:181',
        },
      ],
    ),
  },
  {
    // LogScale's operator: a HumioCluster (and its bootstrap token) without spec.image runs
    // humio-core, its init container the helper without spec.helperImage, unless the operator's env
    // names others (internal/helpers/helpers.go:210, :219: an empty value names none, and the chart
    // renders them empty; one it sets is an image the site table lists by itself); a
    // HumioPdfRenderService without spec.image runs the PDF renderer
    operator: 'Humio Operator',
    repository: 'github.com/humio/humio-operator',
    images: ['docker.io/humio/humio-operator'],
    resources: [
      { group: 'core.humio.com', kind: 'HumioCluster' },
      { group: 'core.humio.com', kind: 'HumioPdfRenderService' },
    ],
    releases: readings(
      [
        { image: 'docker.io/humio/humio-core:{tag}', kind: 'HumioCluster', unless: { field: 'spec.image' } },
        {
          image: 'docker.io/humio/humio-operator-helper:{tag}',
          kind: 'HumioCluster',
          unless: { field: 'spec.helperImage' },
        },
        { image: 'docker.io/humio/pdf-render-service:{tag}', kind: 'HumioPdfRenderService', unless: { field: 'spec.image' } },
      ],
      [
        {
          versions: '>=0.34.0 <=0.34.1',
          read: 'humio-operator-0.34.1',
          tags: '1.159.1 18b8d8df927ae03ead82162ba8f1171960c1b275 0.1.2--build-104--sha-9a7598de95bb9775b6f59d874c37a206713bae01',
          at: 'internal/controller/versions/versions.go:11 :10 :26',
        },
      ],
    ),
  },
  {
    // Bitpoke's WordPress operator: a Wordpress without spec.image runs the runtime image, the git
    // clone init container for spec.code.git and the prepare-volumes init container (by digest)
    // for its code and media volumes; the flags replace the first two (pkg/cmd/options/options.go:79-80)
    operator: 'WordPress Operator',
    repository: 'github.com/bitpoke/wordpress-operator',
    images: ['docker.io/bitpoke/wordpress-operator'],
    resources: [{ group: 'wordpress.presslabs.org', kind: 'Wordpress' }],
    releases: readings(
      [
        { image: 'docker.io/bitpoke/wordpress-runtime:{tag}', kind: 'Wordpress', unless: { field: 'spec.image', flag: '--wordpress-runtime-image' } },
        { image: 'docker.io/library/buildpack-deps:{tag}', kind: 'Wordpress', unless: { flag: '--git-clone-image' } },
        { image: 'gcr.io/google-containers/busybox@{tag}', kind: 'Wordpress' },
      ],
      [
        {
          versions: '>=0.12.0 <=0.12.4',
          read: 'v0.12.4',
          tags: '5.8.2 stretch-scm sha256:545e6a6310a27636260920bc07b994a299b6708a1b26910cfefd335fdfb60d2b',
          at: 'pkg/cmd/options/options.go:34 :31 pkg/internal/wordpress/pod_template.go:43',
        },
      ],
    ),
  },
  {
    // a WebAssembly platform's host operator: each WasmCloudHostConfig runs a wasmCloud host pod of
    // ghcr.io/wasmcloud/wasmcloud:<its required spec.version> (spec.image first, src/controller.rs:409)
    // beside a NATS leaf node from this compiled-in default. Renamed from wasmcloud-operator to
    // wadm-operator at 0.5.1 (its chart too); the same default at every tag from v0.3.0 to v0.5.1
    operator: 'wasmCloud operator (wadm-operator)',
    repository: 'github.com/wasmCloud/wasmcloud-operator',
    images: ['ghcr.io/wasmcloud/wadm-operator', 'ghcr.io/wasmcloud/wasmcloud-operator'],
    resources: [{ group: 'k8s.wasmcloud.dev', kind: 'WasmCloudHostConfig' }],
    releases: [
      {
        versions: '>=0.3.0 <=0.5.1',
        read: 'v0.5.1',
        defaults: [
          { image: 'docker.io/library/nats:2.10-alpine', at: 'src/controller.rs:414', kind: 'WasmCloudHostConfig', unless: { field: 'spec.natsLeafImage' } },
        ],
      },
    ],
    fromResource: [
      { image: 'ghcr.io/wasmcloud/wasmcloud:{cr:spec.version}', at: 'src/controller.rs:409', per: 'WasmCloudHostConfig', unless: { field: 'spec.image' } },
    ],
    uncovered: {
      images:
        'ghcr.io/wasmcloud/wasmcloud:VERSION for each WasmCloudHostConfig a user applies, VERSION its required spec.version; no setting of the operator redirects it, so values cannot: give each resource spec.image on the target',
      at: 'src/controller.rs:409',
      forLater: true,
    },
  },
  {
    // Enonic XP (a CMS platform): the operator renders a chart of its own for each Xp7Deployment
    // the user applies (java-operator/src/main/helm/v1/xp7deployment), its values from the
    // operator's application.properties, each overridden by env OPERATOR_CHARTS_VALUES_* (Quarkus):
    // every node group runs the events sidecar and, by default, the sysctl init container; the XP
    // image is spec.xpVersion's (required), busybox's wait-for-dns only for a clustered deployment
    operator: 'Enonic XP Operator',
    repository: 'github.com/enonic/xp-operator',
    images: ['docker.io/enonic/xp-operator'],
    resources: [{ group: 'enonic.cloud', kind: 'Xp7Deployment' }],
    releases: readings(
      [
        { image: 'docker.io/alpine/curl:{tag}', kind: 'Xp7Deployment', unless: { env: 'OPERATOR_CHARTS_VALUES_EVENTS_IMAGE' } },
        { image: 'docker.io/library/busybox:{tag}', kind: 'Xp7Deployment', unless: { env: 'OPERATOR_CHARTS_VALUES_SYSCTLINITCONTAINER_IMAGE' } },
      ],
      [{ versions: '1.2.0', read: 'v1.2.0', tags: 'latest latest', at: 'java-operator/src/main/resources/application.properties:59 :58' }],
    ),
  },
  {
    // a TemporalCluster the user applies without spec.image / spec.version is defaulted by the
    // operator's webhook (api/v1beta1/temporalcluster_defaults.go): every service runs the server,
    // the datastores' schema setup Jobs admin-tools at the tag the operator picks for that version
    // (pkg/version/persistence_jobs.go); the UI Deployment only with spec.ui.enabled (off by
    // default: optional), the admin-tools Deployment with spec.admintools.enabled (its image the
    // schema jobs' already)
    operator: 'Temporal Operator',
    repository: 'github.com/alexandrevilain/temporal-operator',
    images: ['ghcr.io/alexandrevilain/temporal-operator'],
    resources: [{ group: 'temporal.io', kind: 'TemporalCluster' }],
    releases: readings(
      [
        { image: 'docker.io/temporalio/server:{tag}', kind: 'TemporalCluster', unless: { field: 'spec.image', takes: 'repository' } },
        { image: 'docker.io/temporalio/admin-tools:{tag}', kind: 'TemporalCluster', unless: { field: 'spec.admintools.image', takes: 'repository' } },
        {
          image: 'docker.io/temporalio/ui:{tag}',
          kind: 'TemporalCluster',
          when: 'spec.ui.enabled',
          unless: { field: 'spec.ui.image', takes: 'repository' },
        },
      ],
      [
        {
          versions: '0.20.0',
          read: 'v0.20.0',
          tags: '1.24.2 1.24.2-tctl-1.18.1-cli-0.13.2 2.27.3',
          at: 'api/v1beta1/temporalcluster_defaults.go:29 pkg/version/persistence_jobs.go:8 api/v1beta1/temporalcluster_defaults.go:32',
        },
      ],
    ),
  },
  {
    // Restate (durable execution): each RestateCloudEnvironment without spec.tunnel.image runs the
    // cloud tunnel client, the operator's flag default (src/main.rs; env
    // OPERATOR_TUNNEL_CLIENT_DEFAULT_IMAGE names another); a RestateCluster runs its own required
    // spec.compute.image, and from 2.4.0 the canary image (--canary-image, env CANARY_IMAGE) as the
    // init container that joins spec.security.trustedCaCerts to the CA bundle
    // (reconcilers/compute.rs), and as a job checking a cloud pod identity. The chart's 2.9.0 is its
    // newest commit, read
    operator: 'Restate Operator',
    repository: 'github.com/restatedev/restate-operator',
    images: ['ghcr.io/restatedev/restate-operator'],
    resources: [
      { group: 'restate.dev', kind: 'RestateCloudEnvironment' },
      { group: 'restate.dev', kind: 'RestateCluster' },
    ],
    releases: [
      ...readings([RESTATE_TUNNEL], [{ versions: '>=2.2.0 <=2.3.1', read: 'v2.3.1', tags: '0.5.0', at: 'src/main.rs:53' }]),
      ...readings(
        [RESTATE_TUNNEL, { ...RESTATE_CANARY, image: 'docker.io/library/busybox:{tag}' }],
        [{ versions: '2.4.0', read: 'v2.4.0', tags: '0.5.0 uclibc', at: 'src/main.rs:53 :69' }],
      ),
      ...readings(
        [RESTATE_TUNNEL, { ...RESTATE_CANARY, image: 'docker.io/library/alpine:{tag}' }],
        [{ versions: '>=2.5.0 <=2.9.0', read: 'aae3289c224a4adbf1d62100418185a105615040', tags: '0.6.0 3.21', at: 'src/main.rs:53 :69' }],
      ),
    ],
  },
  {
    // KubePress: each WordPressSite gets an SFTP Deployment and its namespace a phpMyAdmin one,
    // their images compiled in (no field, flag or env var names them); WordPress itself runs the
    // site's spec.wordpress.image, which the chart's CRD defaults (the CRD default names it)
    operator: 'KubePress',
    repository: 'github.com/Hostzero-GmbH/KubePress',
    images: ['ghcr.io/hostzero-gmbh/kubepress/controller'],
    resources: [{ group: 'crm.hostzero.de', kind: 'WordPressSite' }],
    releases: [
      {
        versions: '0.3.0-alpha.4',
        read: 'v0.3.0-alpha.4',
        defaults: [
          { image: 'docker.io/atmoz/sftp:latest', at: 'internal/controller/wordpress/sftp.go:176' },
          { image: 'docker.io/library/phpmyadmin:latest', at: 'internal/controller/wordpress/phpmyadmin.go:69' },
        ],
      },
    ],
  },
];
