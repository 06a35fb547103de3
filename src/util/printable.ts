// Text a peer sent (an error body, a header, a message built from one) on its way to a terminal.
// A registry can answer with ESC sequences that set the window title, clear the screen or print
// fake output, BEL, or NUL; each control character becomes a visible \xNN instead.

// C0 controls but tab and line feed, DEL, and the C1 range (U+0080–U+009F: 8-bit CSI and friends)
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
// eslint-disable-next-line no-control-regex
const CONTROLS_AND_LINES = /[\u0000-\u001f\u007f-\u009f]/g;

function escape(c: string): string {
  return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
}

/** `text` with every control character but tab and line feed shown as \xNN. */
export function printable(text: string): string {
  return text.replace(CONTROLS, escape);
}

/** One line of a peer's text: line breaks escaped too, so it cannot forge a line of ours. */
export function printableLine(text: string): string {
  return text.replace(CONTROLS_AND_LINES, escape);
}

/** JSON text with DEL and C1 escaped as \u00XX too (JSON.stringify escapes only C0): still the same JSON. */
export function printableJson(json: string): string {
  return json.replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
