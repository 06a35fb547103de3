// A choice the templates compare with its default alone, whose other words are the names of the
// blocks beside it (Keep: `database.type: mysql` beside `database.mysql` and `database.postgres`,
// each with its image; the template `if eq .Values.database.type "mysql"` runs mysql, `else`
// postgres): no template spells "postgres", so no other word was tried and postgres was listed from
// its values block with no setting (GG, keep). The sibling blocks the default names
// beside it, those holding an image, are the words tried; a block with no image (resources) is not.
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { templateChart } from './template-chart.js';

const VALUES = `database:
  type: mysql
  resources: {}
  mysql:
    image:
      repository: mysql
      tag: "8.4"
  postgres:
    image:
      repository: postgres
      tag: "17"
`;

const TEMPLATE = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: database
spec:
  template:
    spec:
      containers:
      - name: database
        {{- if eq .Values.database.type "mysql" }}
        image: "{{ .Values.database.mysql.image.repository }}:{{ .Values.database.mysql.image.tag }}"
        {{- else }}
        image: "{{ .Values.database.postgres.image.repository }}:{{ .Values.database.postgres.image.tag }}"
        {{- end }}
`;

describe('a choice whose other words are the blocks beside it', () => {
  const chart = templateChart({ 'db.yaml': TEMPLATE }, VALUES);

  it('images --optional lists the other block image with the word that picks it', async () => {
    const r = await runCli(['images', chart(), '--optional', '-o', 'json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { images: { ref: string }[]; optional?: { ref: string; toggles?: string[] }[] };
    expect(out.images.map((i) => i.ref)).toEqual(['docker.io/library/mysql:8.4']);
    expect((out.optional ?? []).map((o) => [o.ref, o.toggles])).toEqual([['docker.io/library/postgres:17', ['database.type=postgres']]]);
  });
});
