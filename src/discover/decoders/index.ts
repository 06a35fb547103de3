// DECODERS: what is encoded inside text and data. A ConfigMap's or Secret's text read as the
// controller reading it reads it: JSON, YAML, env files, manifest streams, a program's source,
// base64 and gzip under them (data-decoding.ts, structured-text.ts, embedded-data.ts), bounded and
// recursive; lists of references in one string (image-lists.ts); image blocks split into fields
// joined as their consumers join them (repository-blocks.ts) under a registry set once above them
// (registry-scope.ts); alternatives beside the field that picks one (selected-alternatives.ts); and a values tree dumped for a script that reads it key by key
// (unread-dump-entries.ts, script-gates.ts). In: the string or data entry a site rule hands over.
// Out: candidates, each with the DataComposition (../image-site.ts) that postrender sets.
export { base64Text, gzipText } from './data-decoding.js';
export { embeddedCandidates } from './embedded-data.js';
export { parseStructured, placeholderText, withoutSchemas } from './structured-text.js';
export { UNSELECTED_ALTERNATIVE, unselectedAt } from './selected-alternatives.js';
