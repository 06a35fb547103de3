// Chart archives for the loader's tests, built with the shared byte-level tar builder.
export { makeTgz, type TarEntry } from '../support/tar-builder.js';

export const CHART_YAML = 'apiVersion: v2\nname: demo\nversion: 0.1.0\n';
