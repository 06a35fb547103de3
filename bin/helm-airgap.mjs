// The Node entry behind bin/helm-airgap (the launcher, which answers --version and help itself):
// from a checkout after `npm ci && npm run build`, and from the plugin tarball, where
// dist/helm-airgap.mjs is the bundled entry (it loads dist/chunks/ as commands need them).
// First the Node it runs on (bin/node-floor.cjs: outside the range the launcher says so), then V8
// flags by command (bin/v8-flags.cjs): here for a line with options before the command.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
require('./node-floor.cjs').refuseUnsupported(process.argv.slice(2));
require('./v8-flags.cjs').setV8Flags(process.argv[2]);
import('../dist/helm-airgap.mjs').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND') {
    process.stderr.write('helm-airgap: dist/helm-airgap.mjs is missing\nnext: run `npm ci && npm run build` in the plugin folder\n');
    process.exitCode = 1;
    return;
  }
  throw err;
});
