// Co-branding: the partner's details, checked next to each field, kept in this browser only, and
// carried by every preview, copy block, download and the zip of the kit page.
import { clean, valueProblem } from "./checks.js";
import { cobrandedZip, download, fileContent } from "./kitfiles.js";
import { escapeHtml } from "./fill.js";

const STORE = "renewals-portal:partner-details";

export function setUpCobrand(kit, root, say) {
  const form = root.querySelector("form");
  const inputs = [...form.querySelectorAll("input[name]")];
  const status = root.querySelector("[role=status]");
  const originals = new Map();  // page text nodes -> the text the build wrote
  let details = {};

  const check = (input, show) => {
    const value = clean(input.value);
    const problem = value ? valueProblem(kit, input.dataset.kind, value) : null;
    const slot = document.getElementById(`${input.id}-problem`);
    if (show || !problem) {
      slot.textContent = problem ? say(`invalid_${problem.code}`, { delimiter: problem.delimiter }) : "";
      input.setAttribute("aria-invalid", problem ? "true" : "false");
    }
    return problem ? null : value;
  };

  const update = (show) => {
    details = {};
    for (const input of inputs) {
      const value = check(input, show);
      if (value) details[input.name] = value;
    }
    try {
      if (Object.keys(details).length) localStorage.setItem(STORE, JSON.stringify(details));
      else localStorage.removeItem(STORE);
    } catch (error) { /* storage disabled: the details last as long as the page */ }
    applyToPage(kit, details, originals);
  };

  let saved = {};
  try { saved = JSON.parse(localStorage.getItem(STORE) || "{}") || {}; } catch (error) { saved = {}; }
  for (const input of inputs) {
    if (typeof saved[input.name] === "string") input.value = saved[input.name];
    input.addEventListener("input", () => update(false));
    input.addEventListener("change", () => update(true));
  }
  root.querySelector("[data-action=clear]").addEventListener("click", () => {
    form.reset();
    update(false);
    status.textContent = say("cleared");
  });
  root.querySelector("[data-action=zip]").addEventListener("click", () => {
    download(`${kit.zip}-cobranded.zip`, cobrandedZip(kit, details), "application/zip");
  });
  // Every download link of the kit page serves the co-branded file while details are filled in.
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("a[href]");
    const entry = link && Object.keys(details).length && fileFor(kit, link);
    if (!entry) return;
    event.preventDefault();
    const types = { html: "text/html", txt: "text/plain", eml: "message/rfc822" };
    if (entry === "zip") download(`${kit.zip}-cobranded.zip`, cobrandedZip(kit, details), "application/zip");
    else download(entry.path.split("/").pop(), fileContent(kit, entry, details), `${types[entry.format]};charset=utf-8`);
  });
  // The kit page's copy buttons (assets/kit.js fetches the file a button names) copy the
  // co-branded text instead, through the page's own clipboard helper when it has one.
  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest("button[data-kit-copy]");
    const entry = button && Object.keys(details).length && fileFor(kit, { href: button.dataset.kitCopy });
    if (!entry || entry === "zip") return;
    event.preventDefault();
    event.stopImmediatePropagation();
    const text = fileContent(kit, entry, details);
    (window.portalKit ? window.portalKit.copy(text) : navigator.clipboard.writeText(text)).catch(() => {});
  }, true);
  update(Object.keys(saved).length > 0);
  return () => details;
}

function fileFor(kit, link) {
  const match = /\/downloads\/(.+)$/.exec(new URL(link.href, location.href).pathname);
  if (!match || new URL(link.href, location.href).origin !== location.origin) return null;
  const path = decodeURIComponent(match[1]);
  if (path === `${kit.zip}.zip`) return "zip";
  return kit.files.find((f) => f.path === path && !f.preview) || null;
}

// Previews, copy blocks and the subjects shown: the partner's values in place of the neutral
// partner tokens (text only, never markup), back to what the build wrote when cleared.
function applyToPage(kit, details, originals) {
  for (const entry of kit.files.filter((f) => f.preview)) {
    for (const frame of document.querySelectorAll("iframe[src]")) {
      if (!new URL(frame.src, location.href).pathname.endsWith(`/downloads/${entry.path}`)) continue;
      if (Object.keys(details).length) frame.srcdoc = fileContent(kit, entry, details);
      else frame.removeAttribute("srcdoc");
    }
  }
  const neutral = kit.dialects[0].tokens;
  const partnerFields = kit.fields.filter((f) => f.filled_by === "partner");
  const swaps = partnerFields.map((f) => [neutral[f.id], details[f.id]]);
  // the inbox lines read as the customer sees them: sample values, not tokens
  const sampled = partnerFields.map((f) => [f.sample, details[f.id]]);
  const area = document.querySelector(".md-content article") || document.body;
  const walker = document.createTreeWalker(area, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest(".kit-fields, .kit-tool, script, style")) continue;
    const pairs = node.parentElement.closest(".kit-inbox") ? sampled : swaps;
    if (!originals.has(node)) {
      if (!pairs.some(([token]) => node.data.includes(token))) continue;
      originals.set(node, node.data);
    }
    const html = /^\s*</.test(originals.get(node)) && node.parentElement.closest("pre");
    let text = originals.get(node);
    for (const [token, value] of pairs) {
      if (value) text = text.split(token).join(html ? escapeHtml(value) : value);
    }
    node.data = text;
  }
}
