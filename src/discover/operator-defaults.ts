// THE OPERATOR DEFAULTS TABLE: images an operator pulls by defaults compiled into it, which a
// chart's render names in no form (no env var, flag, ConfigMap or resource field spells them), as
// data. Each entry says how to recognise the operator in a render (its controller's image
// repository in a pod spec, whose tag is its version, and the custom resources it reconciles),
// the operator releases whose source was read, and per release each default: the image, where the
// operator's source builds it, and the setting that overrides it (when that setting is in the
// render, the site table already finds the override and the default is not pulled).
// builtin-images.ts applies it. A release is listed only as far as its source was read: an
// operator of another version gets a warning, never a guess. The readings are the ones recorded
// in scripts/corpus/truth/*.runtime.txt.

import { APPLICATION_OPERATORS } from './operator-defaults-applications.js';
import { AI_OPERATORS } from './operator-defaults-ai.js';
import { AGENT_OPERATORS } from './operator-defaults-agents.js';
import { CONTROL_PLANE_OPERATORS } from './operator-defaults-control-planes.js';
import { DATABASE_OPERATORS } from './operator-defaults-databases.js';
import { SQL_OPERATORS } from './operator-defaults-sql.js';
import { DELIVERY_OPERATORS } from './operator-defaults-delivery.js';
import { GATEWAY_OPERATORS } from './operator-defaults-gateways.js';
import { NETWORK_FUNCTION_OPERATORS } from './operator-defaults-network-functions.js';
import { MESSAGING_OPERATORS } from './operator-defaults-messaging.js';
import { MONITORING_OPERATORS } from './operator-defaults-monitoring.js';
import { NETWORKING_SECURITY_OPERATORS } from './operator-defaults-networking-security.js';
import { PLATFORM_OPERATORS } from './operator-defaults-platform.js';
import { SEARCH_CACHE_OPERATORS } from './operator-defaults-search-caches.js';
import { STORAGE_OPERATORS } from './operator-defaults-storage.js';
import { TELEMETRY_OPERATORS } from './operator-defaults-telemetry.js';
import type { OperatorEntry } from './operator-defaults-model.js';

export type { BuiltinDefault, DefaultOverride, NodeOsTag, OperatorEntry, OperatorRelease } from './operator-defaults-model.js';

// one file per operator family (operator-defaults-FAMILY.ts): a new operator goes into its family's
export const OPERATOR_DEFAULTS: readonly OperatorEntry[] = [
  ...SQL_OPERATORS,
  ...DATABASE_OPERATORS,
  ...SEARCH_CACHE_OPERATORS,
  ...MESSAGING_OPERATORS,
  ...TELEMETRY_OPERATORS,
  ...MONITORING_OPERATORS,
  ...NETWORKING_SECURITY_OPERATORS,
  ...GATEWAY_OPERATORS,
  ...NETWORK_FUNCTION_OPERATORS,
  ...STORAGE_OPERATORS,
  ...PLATFORM_OPERATORS,
  ...CONTROL_PLANE_OPERATORS,
  ...DELIVERY_OPERATORS,
  ...APPLICATION_OPERATORS,
  ...AI_OPERATORS,
  ...AGENT_OPERATORS,
];
