// A program whose RBAC lets it create pods (a controller, a CI runner, an operator nobody here has
// read) starts images of its own choosing: `images` lists them only where the chart tells it them
// or the operator defaults table has read its source, and otherwise says it cannot, naming the
// workload, its ServiceAccount and the role, instead of printing a list that reads as complete.
import { describe, expect, it } from 'vitest';
import { certManagerController, specCrd, templateChart } from './template-chart.js';
import { runCli } from './run-cli.js';

interface Report {
  images: { ref: string; need: string }[];
  warnings: { creator?: string; operator?: string; message: string; next: string }[];
}

async function report(chart: string, set: string[] = []): Promise<Report> {
  const r = await runCli(['images', chart, ...set.flatMap((s) => ['--set', s]), '-o', 'json']);
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

const creators = (r: Report) => r.warnings.filter((w) => w.creator !== undefined);

const controller = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: ctl
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: ctl
rules:
- apiGroups: [""]
  resources: [configmaps]
  verbs: [get, list, create]
{{- if .Values.startsJobs }}
- apiGroups: [batch]
  resources: [jobs]
  verbs: [create, delete]
{{- end }}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: ctl
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ctl}
subjects:
- {kind: ServiceAccount, name: ctl, namespace: "{{ .Release.Namespace }}"}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ctl
spec:
  template:
    spec:
      serviceAccountName: ctl
      containers:
      - name: ctl
        image: registry.example/acme/ctl:1.0.0
        {{- with .Values.helperImage }}
        env:
        - name: HELPER_IMAGE
          value: {{ . }}
        {{- end }}
`;

/** The controller chart running `image`, its role creating Jobs. */
const running = (image: string) =>
  templateChart({ 'ctl.yaml': controller.replace('registry.example/acme/ctl:1.0.0', image) }, 'startsJobs: true\nhelperImage: ""\n');

describe('a controller whose ClusterRole may create Jobs and that no one told an image', () => {
  const chart = templateChart({ 'ctl.yaml': controller }, 'startsJobs: true\nhelperImage: ""\n');

  it('is named, with its ServiceAccount, role and what it may create; the image list is left as it is', async () => {
    const r = await report(chart());
    expect(r.images.map((i) => i.ref)).toEqual(['registry.example/acme/ctl:1.0.0']);
    const w = creators(r);
    expect(w.map((x) => x.creator)).toEqual(['Deployment/ctl']);
    expect(w[0]!.message).toContain(
      'may start pods of its own (its ServiceAccount ctl is bound to ClusterRole ctl, which may create jobs), and the render names no image for any program of its chart',
    );
    expect(w[0]!.next).toContain('check what registry.example/acme/ctl:1.0.0 starts');
  });

  it('told an image through its env: what it starts is listed, nothing said', async () => {
    const r = await report(chart(), ['helperImage=registry.example/acme/helper:2.0.0']);
    expect(r.images.find((i) => i.ref === 'registry.example/acme/helper:2.0.0')?.need).toBe('runtime');
    expect(creators(r)).toEqual([]);
  });

  it('a role that creates no pods, Jobs or workloads: nothing said', async () => {
    expect(creators(await report(chart(), ['startsJobs=false']))).toEqual([]);
  });
});

// Onyx's Craft (holdout YY): the backend starts each sandbox pod from a PodTemplate the chart
// renders, its image spelled there. The program is told its pod, image and all: nothing to say.
describe('a controller told the pods it starts by a PodTemplate', () => {
  const podTemplate = `apiVersion: v1
kind: PodTemplate
metadata:
  name: sandbox
template:
  spec:
    containers:
    - name: sandbox
      image: registry.example/acme/sandbox:3.0.0
`;
  // no helper image setting here: its slot would be said on its own
  const bare = controller.replace(/\n\s*\{\{- with \.Values\.helperImage \}\}[\s\S]*?\{\{- end \}\}/, '');
  const chart = templateChart({ 'ctl.yaml': bare, 'sandbox.yaml': podTemplate }, 'startsJobs: true\n');
  const without = templateChart({ 'ctl.yaml': bare }, 'startsJobs: true\n');

  it("lists the template's image, and no warning names the controller", async () => {
    const r = await report(chart());
    expect(r.images.map((i) => i.ref)).toContain('registry.example/acme/sandbox:3.0.0');
    expect(creators(r)).toEqual([]);
  });

  it('without the PodTemplate, the controller is named', async () => {
    expect(creators(await report(without())).map((w) => w.creator)).toEqual(['Deployment/ctl']);
  });
});

describe("a controller whose chart's CRD defaults an image for resources the user applies later", () => {
  // SeaweedFS' operator before the table read it: its CRD defaults the server image, while the CSI
  // driver and sidecars it starts are compiled in; a schema default tells the API server, not the program
  const crd = specCrd(
    'Seaweed',
    'acme.example',
    '              image:\n                type: string\n                default: registry.example/acme/server:3.1\n',
  );
  const chart = templateChart({ 'ctl.yaml': controller, 'crd.yaml': crd }, 'startsJobs: true\nhelperImage: ""\n');

  it('is still named: the default is optional, and the images the program starts by itself are not listed', async () => {
    const r = await report(chart());
    expect(r.images.map((i) => i.ref)).toEqual(['registry.example/acme/ctl:1.0.0']);
    expect(creators(r).map((x) => x.creator)).toEqual(['Deployment/ctl']);
  });
});

describe('an operator the defaults table has read is not said unread', () => {
  const chart = running('docker.io/victoriametrics/operator:v0.74.1');

  it('its defaults are listed from the table, and no warning names it', async () => {
    const r = await report(chart());
    expect(r.images.filter((i) => i.need === 'runtime').length).toBeGreaterThan(0);
    expect(creators(r)).toEqual([]);
  });
});

describe('a controller whose source the table read to start only the images its users name (rbgs)', () => {
  const chart = running('docker.io/rolebasedgroup/rbgs-controller:v0.8.0-ba7b952e');

  it('is not said to start images by defaults of its own, and nothing is added to the list', async () => {
    const r = await report(chart());
    expect(r.images.map((i) => i.ref)).toEqual(['docker.io/rolebasedgroup/rbgs-controller:v0.8.0-ba7b952e']);
    expect(r.warnings).toEqual([]);
  });
});

describe('the same controller at a version not read', () => {
  const chart = running('docker.io/rolebasedgroup/rbgs-controller:v0.9.0');

  it('says only that, with no claim of defaults of its own', async () => {
    const r = await report(chart());
    expect(r.warnings.map((w) => w.message)).toEqual([
      "RoleBasedGroup controller (rbgs) v0.9.0 (its image's tag, in op/templates/ctl.yaml) starts only the images its users name at 0.8.0-ba7b952e, as its source was read; v0.9.0 was not read",
    ]);
  });
});

describe("a controller that starts only its users' pod templates, read at its release (agent-sandbox)", () => {
  const read = running('registry.k8s.io/agent-sandbox/agent-sandbox-controller:v0.5.6');
  const later = running('registry.k8s.io/agent-sandbox/agent-sandbox-controller:v0.6.0');

  it('is not said to start images of its own at the version read, and is said to be unread at another', async () => {
    expect((await report(read())).warnings).toEqual([]);
    expect((await report(later())).warnings.map((w) => w.message)).toEqual([
      "Agent Sandbox controller v0.6.0 (its image's tag, in op/templates/ctl.yaml) starts only the images its users name at 0.5.6, as its source was read; v0.6.0 was not read",
    ]);
  });
});

// openGemini's operator (holdout JJ) was said to "may start pods of its own" with images not
// listed; read at every tag and at its default branch, it starts only the images of the
// OpenGeminiCluster users write. Its chart runs `latest`, which no release names: said so, as read.
describe("an operator read at every release to start only its users' images (openGemini), under a moving tag", () => {
  const release = running('docker.io/opengeminidb/opengemini-operator:v0.2.1');
  const latest = running('opengeminidb/opengemini-operator:latest');

  it('nothing said at a release read; at latest, what was read and that latest names no release', async () => {
    expect((await report(release())).warnings).toEqual([]);
    const w = (await report(latest())).warnings;
    expect(w.map((x) => x.creator)).toEqual([undefined]);
    expect(w[0]!.message).toMatch(
      /^openGemini Operator latest .* starts only the images its users name at >=0\.0\.1-alpha1 <=0\.2\.1, as its source was read; latest was not read \(latest names no release/,
    );
  });
});

describe('a ServiceAccount bound to several roles, the one that creates Jobs not first', () => {
  // Vineyard's manager: bound first to a scheduler plugin's role, then to the role that reads its
  // CRDs (served-crd-defaults.ts reads the same grants); what any of its roles grants, the program may do
  const first = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: reader
rules:
- apiGroups: [""]
  resources: [pods]
  verbs: [get, list, create]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: a-reader
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: reader}
subjects:
- {kind: ServiceAccount, name: ctl, namespace: default}
`;
  const chart = templateChart({ 'a-reader.yaml': first, 'ctl.yaml': controller }, 'startsJobs: true\nhelperImage: ""\n');

  it('is named with every role it is bound to', async () => {
    const w = creators(await report(chart()));
    expect(w.map((x) => x.creator)).toEqual(['Deployment/ctl']);
    expect(w[0]!.message).toContain('bound to ClusterRole reader, ClusterRole ctl, which may create pods, jobs');
  });
});

// Before, any operator the table has read in a render silenced every creator beside it: Symphony's
// API server, which may create pods, went unwarned once its cert-manager subchart was a table entry.
describe('an unread controller beside an operator the table has read', () => {
  // cert-manager a subchart, as Symphony ships it (templateChart's names are under templates/)
  const chart = templateChart(
    {
      'ctl.yaml': controller,
      '../charts/cert-manager/Chart.yaml': 'apiVersion: v2\nname: cert-manager\nversion: v1.8.0\n',
      '../charts/cert-manager/templates/deployment.yaml': certManagerController(),
    },
    'startsJobs: true\nhelperImage: ""\n',
  );

  it('is still named; the read operator is not', async () => {
    expect(creators(await report(chart())).map((w) => w.creator)).toEqual(['Deployment/ctl']);
  });

  const withIssuer = templateChart(
    {
      'ctl.yaml': controller,
      'issuer.yaml': 'apiVersion: cert-manager.io/v1\nkind: Issuer\nmetadata:\n  name: webhook\nspec:\n  selfSigned: {}\n',
    },
    'startsJobs: true\nhelperImage: ""\n',
  );

  it('a resource of a read operator the render does not run (a self-signed Issuer) silences it no more', async () => {
    expect(creators(await report(withIssuer())).map((w) => w.creator)).toEqual(['Deployment/ctl']);
  });
});

describe('a run-once Job whose ServiceAccount may create workloads (a post-install `helm install` of a chart from a registry)', () => {
  const installer = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: installer
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: installer
rules:
- apiGroups: [apps]
  resources: [statefulsets]
  verbs: [get, create, delete]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: installer
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: installer}
subjects:
- {kind: ServiceAccount, name: installer}
---
apiVersion: batch/v1
kind: {{ if .Values.cron }}CronJob{{ else }}Job{{ end }}
metadata:
  name: install-db
  annotations: {"helm.sh/hook": post-install}
spec:
  {{- if .Values.cron }}
  schedule: "0 * * * *"
  jobTemplate:
    spec:
  {{- end }}
      template:
        spec:
          serviceAccountName: {{ .Values.jobAccount }}
          restartPolicy: Never
          containers:
          - name: helm
            image: registry.example/tools/helm:3.16.4
            {{- if .Values.script }}
            command: [sh, -c, {{ .Values.script | quote }}]
            {{- else }}
            args: {{ .Values.jobArgs | default (list "upgrade" "--install" "db" .Values.chartRef) | toJson }}
            {{- end }}
            {{- if .Values.tellDb }}
            env:
            - {name: DB_IMAGE, value: registry.example/db/postgres:16}
            {{- end }}
          {{- if .Values.templatesCm }}
          volumes:
          - name: templates
            configMap: {name: job-templates}
          {{- end }}
{{- if .Values.templatesCm }}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: job-templates
data:
  job.yaml: |
    containers:
    - name: db
      image: registry.example/db/postgres:16
{{- end }}
`;
  // the controller beside it is told an image (its env): the chart tells a program, but not the Job
  const chart = templateChart(
    { 'ctl.yaml': controller, 'installer.yaml': installer },
    'startsJobs: true\nhelperImage: ""\ncron: false\ntellDb: false\njobAccount: installer\nchartRef: oci://registry.example/charts/postgresql\ntemplatesCm: false\njobArgs: []\nscript: ""\n',
  );
  const told = 'helperImage=registry.example/acme/helper:2.0.0';

  it('is named though the chart tells another program an image, with the chart it installs', async () => {
    const w = creators(await report(chart(), [told]));
    expect(w.map((x) => x.creator)).toEqual(['Job/install-db']);
    expect(w[0]!.message).toContain(
      'installs oci://registry.example/charts/postgresql (its ServiceAccount installer is bound to Role installer, which may create statefulsets): the images of that chart are not listed',
    );
  });

  it('naming no chart by address: said to start images of its own', async () => {
    const w = creators(await report(chart(), [told, 'chartRef=/charts/db']));
    expect(w.map((x) => x.creator)).toEqual(['Job/install-db']);
    expect(w[0]!.message).toContain('may create statefulsets), and the render names no image for it to start');
  });

  it('a CronJob likewise (its pod spec under jobTemplate)', async () => {
    expect(creators(await report(chart(), [told, 'cron=true'])).map((x) => x.creator)).toEqual(['CronJob/install-db']);
  });

  it("running as a long-running program's ServiceAccount (Airflow's migrations, as its scheduler): the program is the one judged", async () => {
    expect(creators(await report(chart(), [told, 'jobAccount=ctl']))).toEqual([]);
  });

  it("told an image in a ConfigMap it mounts (Kata's dispatcher and its per-node Job templates): nothing said", async () => {
    expect(creators(await report(chart(), [told, 'templatesCm=true']))).toEqual([]);
  });

  it('told an image in its own spec: nothing said', async () => {
    expect(creators(await report(chart(), [told, 'tellDb=true']))).toEqual([]);
  });

  it("that only removes (KubeFlex's pre-delete `helm uninstall`, on the helm image or in a script): nothing said", async () => {
    expect(creators(await report(chart(), [told, 'jobArgs={uninstall,db,--namespace,x}']))).toEqual([]);
    expect(creators(await report(chart(), [told, 'script=helm uninstall db && kubectl delete pvc -l app=db']))).toEqual([]);
    // a script that does anything else may start pods
    const w = creators(await report(chart(), [told, 'script=helm uninstall db && helm install db /charts/db']));
    expect(w.map((x) => x.creator)).toEqual(['Job/install-db']);
  });
});

// kubetorch's controller runs behind an nginx proxy its pod lists first: the next step named the
// proxy alone as the program to ask what it starts (XX).
describe('a pod creator of several containers', () => {
  const chart = templateChart(
    { 'ctl.yaml': controller.replace('      containers:\n', '      containers:\n      - name: proxy\n        image: nginx:1.29.0-alpine\n') },
    'startsJobs: true\nhelperImage: ""\n',
  );

  it('names each container as what may start pods, not the first alone', async () => {
    const w = creators(await report(chart()));
    expect(w[0]!.next).toContain('check what each container of Deployment ctl (nginx:1.29.0-alpine, registry.example/acme/ctl:1.0.0) starts');
  });
});
