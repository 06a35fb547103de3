// ECR repository creation templates (create-on-push): an administrator's settings per name prefix,
// applied by ECR itself when a push meets a repository that does not exist. A prefix "team"
// covers "team/…" (ECR assumes the trailing slash); ROOT covers every name no other template
// covers. A repository left to a template is created by the push, with the administrator's KMS
// key, tag rule and policies, and needs no CreateRepository permission of the caller.

export const ROOT_PREFIX = 'ROOT';
export const CREATE_ON_PUSH = 'CREATE_ON_PUSH';

export interface CreationTemplate {
  prefix: string;
  /** What ECR applies it for: CREATE_ON_PUSH, REPLICATION, PULL_THROUGH_CACHE. */
  appliedFor: string[];
}

/** The create-on-push template that makes `name` when a push meets it missing, if any: the
 * longest covering prefix, ROOT only when no other covers it. */
export function templateFor(name: string, templates: readonly CreationTemplate[]): CreationTemplate | undefined {
  let best: CreationTemplate | undefined;
  for (const t of templates) {
    if (!t.appliedFor.includes(CREATE_ON_PUSH)) continue;
    if (t.prefix === ROOT_PREFIX) {
      best ??= t;
      continue;
    }
    const prefix = t.prefix.replace(/\/+$/, '');
    if (!name.startsWith(`${prefix}/`)) continue;
    if (!best || best.prefix === ROOT_PREFIX || prefix.length > best.prefix.length) best = t;
  }
  return best;
}
