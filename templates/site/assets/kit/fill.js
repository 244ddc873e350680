// Kit text with its merge sentinels and co-branding slots filled: the one substitution the kit page
// does (generator/partner/fill.py does the same for `portal merge`). Nothing here renders a template.

const SENTINEL = /ZZMERGE(\d+)ZZ/g;
// A part kept only where the field has a value or a token (the preferences link of the footer).
const OPTIONAL = /ZZOPEN(\d+)ZZ([\s\S]*?)ZZCLOSE\1ZZ/g;
const REGION = /<!--slot:([a-z_]+)-->([\s\S]*?)<!--\/slot:\1-->/g;
const HTML_ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;" };

export function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

// `values`: field or slot id -> value; `tokens`: a dialect's tokens for fields without a value.
// A field with neither keeps its sentinel. One pass each, so a value is never read as syntax.
export function fill(kit, text, values, { html = false, tokens = null } = {}) {
  const ids = kit.ids;
  const shown = (value) => (html ? escapeHtml(value) : value);
  const decided = text.replace(OPTIONAL, (whole, index, inner) => {
    const id = ids[Number(index)];
    if (values[id] || (tokens && tokens[id])) return inner;
    return tokens ? "" : whole; // undecided until the tokens pass
  });
  const merged = decided.replace(SENTINEL, (whole, index) => {
    const id = ids[Number(index)];
    const value = values[id] || (tokens && tokens[id]);
    return value == null ? whole : shown(value);
  });
  const sentinels = Object.fromEntries(kit.slots.map((s) => [s.id, s.sentinel]));
  return merged.replace(REGION, (whole, slot, inner) => {
    const value = values[slot];
    return value ? inner.split(sentinels[slot]).join(shown(value)) : "";
  });
}
