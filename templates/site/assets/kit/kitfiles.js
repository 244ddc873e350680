// Every file of the kit, co-branded: the kit's own files with the partner's details in place of
// the partner merge fields (customer fields stay each email system's tokens), and the zip of them.
import { buildEml } from "./eml.js";
import { fill } from "./fill.js";
import { zipSync } from "./vendor/fflate.js";

const encoder = new TextEncoder();

const ZIP_DATE = new Date(1980, 0, 1, 0, 0, 0);  // as the build's own zip: same input, same bytes

export function fileContent(kit, entry, partner) {
  const dialect = kit.dialects.find((d) => d.id === entry.dialect);
  const neutral = kit.dialects[0].tokens;
  const samples = Object.fromEntries([...kit.fields, ...kit.footer].map((f) => [f.id, f.sample]));
  // Previews show sample customers; a logo is never fetched on this page (nothing leaves it).
  const values = entry.preview ? { ...samples, ...partner, partner_logo_url: "" } : { ...partner };
  // An email system fills its own footer (the partner's address and opt-out page are set up there);
  // only the neutral files, sent by hand or by an unlisted system, carry the partner's footer values.
  if (dialect && dialect !== kit.dialects[0]) for (const f of kit.footer) delete values[f.id];
  const tokens = entry.preview ? null : (dialect || kit.dialects[0]).tokens;
  if (!entry.email) {
    return fill(kit, entry.text, values, { html: entry.format === "html", tokens: tokens || neutral });
  }
  const email = kit.emails.find((e) => e.id === entry.email);
  const html = () => fill(kit, email.html, values, { html: true, tokens });
  const text = () => fill(kit, email.text, values, { tokens });
  if (entry.format === "html") return html();
  if (entry.format === "txt") return text();
  return buildEml({ subject: fill(kit, email.subject, values, { tokens }), text: text(), html: html(),
    lang: kit.lang });
}

export function zipFiles(files, folder) {
  const tree = {};
  for (const [path, data] of Object.entries(files)) {
    tree[`${folder}/${path}`] = [typeof data === "string" ? encoder.encode(data) : data, { mtime: ZIP_DATE }];
  }
  return zipSync(tree, { level: 1 });  // drafts are large and alike; speed over the last few percent
}

export function cobrandedZip(kit, partner) {
  const files = {};
  for (const entry of kit.files) {
    if (!entry.preview) files[entry.path] = fileContent(kit, entry, partner);
  }
  return zipFiles(files, `${kit.zip}-cobranded`);
}

export function download(name, data, type) {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const link = Object.assign(document.createElement("a"), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}
