// A ConfigMap data entry whose text is one setting on one line (`image: "REF"`): a YAML block
// scalar of one line that ends its document comes out of the render with no line break (MatrixOne's
// brConfig had another key after it; the same template without would not), or a value written
// `key: value` on one line. Read as the key and its value, as the same text with a line break is;
// before, the whole line was one value no reference could be, and the image went unlisted.
import { describe, expect, it } from 'vitest';
import { deploymentHead, listImages, templateChart } from './template-chart.js';

const config = (entries: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: ctl-config
data:
${entries}`;
const ctl = `${deploymentHead('ctl')}      - name: ctl
        image: quay.io/acme/ctl:1.0
        volumeMounts:
        - {name: config, mountPath: /etc/ctl}
      volumes:
      - name: config
        configMap: {name: ctl-config}
`;

describe('a data entry of one setting on one line', () => {
  const last = templateChart({ 'ctl.yaml': ctl, 'config.yaml': config('  logLevel: info\n  backup: |\n    image: "quay.io/acme/backup:2.0"\n') });
  const inline = templateChart({ 'ctl.yaml': ctl, 'config.yaml': config('  backup: "image: quay.io/acme/backup:2.0"\n  mode: "level: fast"\n') });

  it('a one-line block scalar that ends the document is read as its key and value', async () => {
    const r = await listImages(last());
    expect(r.images.find((i) => i.ref === 'quay.io/acme/backup:2.0')?.need).toBe('runtime');
  });

  it('so is a quoted one-line setting; a setting naming no image adds nothing', async () => {
    const r = await listImages(inline());
    expect(r.images.map((i) => i.ref).sort()).toEqual(['quay.io/acme/backup:2.0', 'quay.io/acme/ctl:1.0']);
  });
});
