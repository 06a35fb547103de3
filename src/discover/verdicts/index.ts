// VERDICTS: what discovery decided for every image-shaped string, and why (images --explain).
// audit.ts holds the verdicts, the CandidateAudit discoverImages fills as it decides, and the one
// rule that turns a listed site into a verdict, which the images report's sections use too.
// In: every candidate the site table saw. Out: ExplainedCandidates and their counts.
export { VERDICT_ORDER, builtinOrigin, builtinReason, explainChart, newAudit, siteVerdict } from './audit.js';
export type { CandidateAudit, CandidateVerdict, ExplainedCandidate, Rejection, ShapedString } from './audit.js';
