// A translated phrase from kit.json with its {names} filled (plain names only, as in Python).
export const phrase = (template, values) =>
  template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
