// Tests use real tools; a missing one fails loudly with the command that installs it,
// never a silent skip.
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

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
