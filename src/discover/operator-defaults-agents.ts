// Operator defaults (operator-defaults.ts) of agent injectors: operators whose webhook adds a
// language agent to the pods a resource of theirs selects, the agent image picked by the kind of
// agent the resource names (Contrast's AgentInjector spec.type), or adds a proxy compiled into its
// build to the pods an annotation asks it for (Azure Workload Identity), which the chart never
// spells as an image. Each entry as read from the operator's source.
import type { BuiltinDefault, OperatorEntry } from './operator-defaults-model.js';

const CONVERTER = 'src/Contrast.K8s.AgentOperator/Core/AgentInjectionTypeConverter.cs';

/**
 * Contrast's agent types as the operator reads spec.type (GetTypeFromString, lower-cased) and the
 * image name each picks (GetDefaultImageName), with the line naming it.
 */
const CONTRAST_AGENTS: readonly (readonly [string, string, number])[] = [
  ['dotnet', 'agent-dotnet-core', 15],
  ['dotnet-core', 'agent-dotnet-core', 15],
  ['java', 'agent-java', 16],
  ['node', 'agent-nodejs', 17],
  ['nodejs', 'agent-nodejs', 17],
  ['node-esm', 'agent-nodejs', 18],
  ['nodejs-esm', 'agent-nodejs', 18],
  ['nodejs-legacy', 'agent-nodejs', 19],
  ['php', 'agent-php', 20],
  ['personal-home-page', 'agent-php', 20],
  ['python', 'agent-python', 21],
  ['flex', 'agent-flex', 22],
];

/**
 * REGISTRY/NAME:latest for each resource of the kind whose type picks NAME (ImageGenerator.cs:35-37:
 * the registry env CONTRAST_DEFAULT_REGISTRY, else `contrast`; a resource's spec.version names
 * another tag, so such a resource pulls no default). A ClusterAgentInjector holds an AgentInjector's
 * spec under spec.template.spec.
 */
const contrastAgents = (kind: string, spec: string): BuiltinDefault[] =>
  CONTRAST_AGENTS.map(([type, name, line]) => ({
    image: `docker.io/contrast/${name}:latest`,
    at: `${CONVERTER}:${line}`,
    per: kind,
    when: `${spec}.type=${type}`,
    // the registry and namespace the name goes under (`contrast`, Docker Hub's): a mirror's prefix set there composes
    unless: { env: 'CONTRAST_DEFAULT_REGISTRY', takes: 'prefix' },
    // an agent version of the resource's own is another tag: no default pulled
    givenBy: `${spec}.version`,
  }));

const AZWI = 'mcr.microsoft.com/oss/azure/workload-identity';

/**
 * Azure Workload Identity's proxy sidecar and its iptables init container, added to pods annotated
 * azure.workload.identity/inject-proxy-sidecar: "true": REGISTRY/NAME:VERSION, both parts set by the
 * release build's LDFLAGS (Makefile:1,5,19: mcr.microsoft.com/oss/azure/workload-identity and the
 * release's IMAGE_VERSION, its webhook image's tag), unless env PROXY_IMAGE / PROXY_INIT_IMAGE
 * (pkg/config/config.go:17-18) names one whole. Lines [sidecar, init] by release.
 */
const azureProxy = (sidecar: number, init: number) => [
  { image: `${AZWI}/proxy:{operatorTag}`, at: `pkg/webhook/webhook.go:${sidecar}`, unless: { env: 'PROXY_IMAGE' } },
  { image: `${AZWI}/proxy-init:{operatorTag}`, at: `pkg/webhook/webhook.go:${init}`, unless: { env: 'PROXY_INIT_IMAGE' } },
];
export const AGENT_OPERATORS: readonly OperatorEntry[] = [
  {
    // a mutating webhook named for mutation, not injection (pod-injectors.ts does not see it);
    // v1.3.0 and before took the proxy images from no env var (no such release is read here)
    operator: 'Azure Workload Identity webhook',
    repository: 'github.com/Azure/azure-workload-identity',
    images: [`${AZWI}/webhook`],
    releases: [
      { versions: '>=1.4.0 <=1.4.1', read: 'v1.4.1', defaults: azureProxy(75, 79) },
      { versions: '>=1.5.0 <=1.5.1', read: 'v1.5.1', defaults: azureProxy(92, 96) },
      { versions: '1.6.0', read: 'v1.6.0', defaults: azureProxy(129, 133) },
    ],
  },
  {
    // each injector the chart renders (agentInjectors.injectors: java, dotnet-core, nodejs, php,
    // python, flex) makes the webhook add its agent as an init container (PodPatcher.cs:281);
    // the composition is the same whatever the operator's version from 6.0.0 (the registry env)
    operator: 'Contrast Agent Operator',
    repository: 'github.com/Contrast-Security-OSS/agent-operator',
    images: ['docker.io/contrast/agent-operator'],
    resources: [
      { group: 'agents.contrastsecurity.com', kind: 'AgentInjector' },
      { group: 'agents.contrastsecurity.com', kind: 'ClusterAgentInjector' },
    ],
    releases: [{ versions: '>=6.0.0 <=6.1.1', read: 'v6.1.1', defaults: [] }],
    fromResource: [...contrastAgents('AgentInjector', 'spec'), ...contrastAgents('ClusterAgentInjector', 'spec.template.spec')],
  },
];
