/** A JSON/YAML mapping: an object that is not a list (and not null). */
export const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
