// The CycloneDX library's optional plug-ins (XML output, XML and JSON schema validation), which it
// requires only when used: the bundle's SBOM is JSON, built and serialized without them, so every
// build leaves them out (scripts/build.mjs, scripts/sea.mjs).
export const OPTIONAL_PEERS = ['xmlbuilder2', 'libxmljs2', 'ajv-formats-draft2019'];
