/**
 * Text from a Dockerfile (or a file name) made safe for a terminal: control characters and the bidirectional
 * overrides used in "trojan source" attacks are shown as escapes (`\x1b`, `\u202e`) instead of acting on the
 * terminal. Tabs stay. Same length in, same or longer out.
 */
export function visible(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}

// C0 controls but tab, DEL, C1 controls, bidi embeddings/overrides/isolates.
const UNSAFE = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

function escapeChar(ch: string): string {
  const code = ch.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** Characters XML 1.0 does not allow at all, not even as character references. */
const NOT_XML = /[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]/g;

/** Escapes text for an XML attribute or element; characters XML cannot hold are shown as escapes. */
export function xmlText(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .replace(NOT_XML, escapeChar);
}
