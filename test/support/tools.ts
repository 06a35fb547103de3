// Tests use real tools; a missing one fails loudly with the command that installs it,
// never a silent skip.
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import type { HelmLine } from '../../src/helm/engine/defaults.js';

export async function requireTool(name: string, debianPackage: string): Promise<string> {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const p = join(dir, name);
    try {
      await access(p, constants.X_OK);
      return p;
    } catch {
      // keep looking
    }
  }
  throw new Error(`${name} is not installed: run ./scripts/setup.sh or 'apt-get install -y ${debianPackage}'`);
}

export type HelmMajor = 3 | 4;

/** A real Helm the tests judge by: a major (3 is 3.17.2, 4 is 4.1.4) or a line followed (3.17, 4.1, 4.2). */
export type RealHelm = HelmMajor | HelmLine;

const HELM_FOLDERS: Record<RealHelm, string> = { 3: 'helm3', 4: 'helm4', '3.17': 'helm3', '4.1': 'helm4', '4.2': 'helm42' };

/** Real Helm (3.17.2, 4.1.4 or 4.2.3) and its kubectl, installed by scripts/install-helm.sh. */
export async function realHelm(major: RealHelm): Promise<{ helm: string; kubectl: string }> {
  const root = process.env.HELM_AIRGAP_TOOLS ?? join(process.env.HOME ?? '/root', '.cache', 'helm-airgap-tools');
  const dir = join(root, HELM_FOLDERS[major]);
  const helm = join(dir, 'helm');
  const kubectl = join(dir, 'kubectl');
  try {
    await access(helm, constants.X_OK);
    await access(kubectl, constants.X_OK);
  } catch {
    throw new Error(`real Helm ${major} is not installed at ${dir}: run ./scripts/install-helm.sh (or ./scripts/setup.sh)`);
  }
  return { helm, kubectl };
}
