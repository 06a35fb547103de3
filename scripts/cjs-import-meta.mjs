// A CommonJS bundle has no import.meta: a package's ESM build that asks for its own URL
// (openpgp: createRequire(import.meta.url)) gets the bundle's file instead of undefined, which
// failed the self-contained executable at the first chart signature check. Used by the one-command
// bundles (build.mjs) and the executables' CLI (sea.mjs). The URL is made when first asked for
// (node:url is not among the built-ins a start loads), and "use strict" stays the first statement.
export const CJS_IMPORT_META = {
  banner: {
    js: '"use strict";var __airgapImportMeta={get url(){return require("node:url").pathToFileURL(__filename).href}};',
  },
  define: { 'import.meta.url': '__airgapImportMeta.url' },
};
