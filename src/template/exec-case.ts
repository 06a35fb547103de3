// One case of the engine table (exec.cases.ts) and the shorthand its data uses.

export interface ExecCase {
  name: string;
  tpl: string;
  data?: unknown;
  /** Expected output; absent when an error is expected. */
  out?: string;
  /** Expected error message (exact). */
  err?: string;
  /** Go's missingkey option; default 'zero' as Helm sets it. */
  mk?: 'zero' | 'default' | 'error';
  /** false: not checkable with Go 1.19. */
  go?: boolean;
  /** Custom action delimiters (Template.Delims). */
  delims?: [string, string];
}

/** Data as Helm gives templates: values under .Values. */
export const V = (values: Record<string, unknown>): Record<string, unknown> => ({ Values: values });
