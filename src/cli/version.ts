declare const __HELM_AIRGAP_VERSION__: string | undefined;

/** Injected by scripts/build.mjs; "dev" when run from sources (tests through tsx). */
export const VERSION: string = typeof __HELM_AIRGAP_VERSION__ === 'string' ? __HELM_AIRGAP_VERSION__ : '0.0.0-dev';
