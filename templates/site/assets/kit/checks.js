// What a value typed or uploaded must be: the patterns of kit.json (generator/partner/checks.py
// applies the same). A problem is a code; the page words it in its own language.

export const clean = (value) => String(value).split(/\s+/).filter(Boolean).join(" ");

export function valueProblem(kit, kind, value) {
  const delimiter = kit.checks.forbidden.find((d) => value.includes(d));
  if (delimiter) return { code: "forbidden", delimiter };
  if (kind === "url" && /^data:/i.test(value)) return { code: "data" };
  const pattern = kit.checks[kind];
  if (pattern && !new RegExp(pattern).test(value)) return { code: kind };
  return null;
}
