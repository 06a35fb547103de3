// Which chart a truth file (truth/NAME.runtime.txt) is for, when a `# chart:` line says: its
// repository as sources.tsv names it, and optionally its folder there. Charts of one name come
// from other repositories (bitnami's vault beside hashicorp's) and from other folders of the same
// one (strimzi's old helm-charts/helm3 chart, agentgateway's controller/pkg/helm beside
// controller/install/helm): each deploys another operator version than the one the truth was read at.

/** Whether the chart built from `repo` at `path` takes a truth file with this text. */
export function truthTakes(text, repo, path) {
  const m = /^#\s*chart:\s*(\S+)(?:[ \t]+(\S+))?[ \t]*$/m.exec(text);
  if (!m) return true;
  return m[1] === repo && (m[2] === undefined || m[2].replace(/\/+$/, '') === path.replace(/\/+$/, ''));
}
