// {{break}} and {{continue}}: thrown sentinels the enclosing range catches, in walked and
// compiled statements alike (interpret.ts, compile-stmt.ts).
export const BREAK = { loop: 'break' };
export const CONTINUE = { loop: 'continue' };
