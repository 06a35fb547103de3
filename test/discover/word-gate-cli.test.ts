// A whole workload behind a string compared only with its own default (minecraft: `if ne (printf
// "%s" .Values.minecraftServer.eula) "FALSE"`), holding a sidecar behind switches and an init
// container behind a mode word (`eq .Values.mcbackup.backupMethod "rclone"`): the choice search had
// no other word to try for the gate, and the switches and words inside it brought nothing without it,
// so the images were guessed from their values blocks with no setting and the hard-coded init image
// was unlisted (SS, minecraft: 3 optional images, none with its setting). A two-sided word
// is tried at its other side (FALSE: TRUE), and the switches and words read beside a word that brought
// images are tried once more with it on.
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { templateChart } from './template-chart.js';

const VALUES = `server:
  eula: "FALSE"
image:
  repository: acme/game
  tag: "1.21"
backup:
  enabled: false
  method: tar
  image:
    repository: acme/backup
    tag: "2.0"
`;

const TEMPLATE = `{{- if ne (printf "%s" .Values.server.eula) "FALSE" }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: game
spec:
  template:
    spec:
      containers:
      - name: game
        image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
        env:
        - name: RESTIC
          value: {{ eq .Values.backup.method "restic" | quote }}
{{- if .Values.backup.enabled }}
      - name: backup
        image: "{{ .Values.backup.image.repository }}:{{ .Values.backup.image.tag }}"
{{- end }}
{{- if eq .Values.backup.method "rclone" }}
      initContainers:
      - name: rclone-config
        image: acme/toolbox:3
{{- end }}
{{- end }}
`;

describe('a workload behind a word compared only with its own default', () => {
  const chart = templateChart({ 'game.yaml': TEMPLATE }, VALUES);

  it('images --optional lists each image with the word at its other side and what it needs inside', async () => {
    const r = await runCli(['images', chart(), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const optional = (JSON.parse(r.stdout) as { optional?: { ref: string; toggles?: string[] }[] }).optional ?? [];
    expect(optional.map((o) => [o.ref, o.toggles]).sort()).toEqual([
      ['docker.io/acme/backup:2.0', ['server.eula=TRUE,backup.enabled=true']],
      ['docker.io/acme/game:1.21', ['server.eula=TRUE']],
      ['docker.io/acme/toolbox:3', ['server.eula=TRUE,backup.method=rclone']],
    ]);
  });
});
