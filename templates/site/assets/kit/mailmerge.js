// Mail merge: a CSV of contracts in; each customer's next notice and date, the bad rows with their
// line numbers, and one zip of personalized .eml drafts per customer and notice plus one .ics.
// The rules are those of `portal merge` (generator/partner/contracts.py and drafts.py).
import { clean, valueProblem } from "./checks.js";
import { parseCsv } from "./csv.js";
import { formatDate, iso, parseIso } from "./dates.js";
import { buildEml } from "./eml.js";
import { fill } from "./fill.js";
import { calendar, renewalEvents } from "./ics.js";
import { download, zipFiles } from "./kitfiles.js";
import { nextStep, plan } from "./plan.js";

const RECIPIENT = "email";

export function setUpMailMerge(kit, root, say, partnerDetails) {
  const input = root.querySelector("input[name=contracts_csv]");
  const summary = root.querySelector("[data-summary]");
  const problemsList = root.querySelector("[data-problems]");
  const problemsBox = root.querySelector("[data-problems-box]");
  const body = root.querySelector("tbody");
  const result = root.querySelector("[data-result]");
  const button = root.querySelector("[data-action=drafts]");
  let contracts = [];

  input.addEventListener("change", async () => {
    const file = input.files[0];
    contracts = [];
    result.hidden = true;
    if (!file) return;
    const read = readContracts(kit, await file.text());
    if (read.error) {
      summary.textContent = say(read.error.code, read.error);
      problemsBox.hidden = true;
      return;
    }
    contracts = read.contracts;
    const today = parseIso(iso(new Date()));
    body.replaceChildren(...contracts.map((c) => customerRow(kit, c, nextStep(plan(kit, c.expiry), today), say)));
    problemsList.replaceChildren(...read.problems.map((p) =>
      Object.assign(document.createElement("li"), { textContent: say("line", { line: p.line, problem: say(p.code, p) }) })));
    problemsBox.hidden = !read.problems.length;
    summary.textContent = say("merge_summary", { customers: contracts.length, skipped: read.problems.length });
    result.hidden = !contracts.length;
  });
  button.addEventListener("click", () => {
    const partner = partnerDetails();
    const missing = kit.fields.filter((f) => f.filled_by === "partner" && !partner[f.id]
      && !contracts.every((c) => c.values[f.id])).map((f) => f.description);
    if (missing.length) {
      summary.textContent = say("partner_missing", { fields: missing.join(", ") });
      return;
    }
    download("renewal-drafts.zip", zipFiles(drafts(kit, contracts, partner), "renewal-drafts"), "application/zip");
  });
}

export function readContracts(kit, text) {
  const [header, ...records] = parseCsv(text);
  const names = header ? header.cells.map((n) => clean(n).toLowerCase()) : [];
  // the customer fields this language's emails use (each language writes its own greeting)
  const required = [...kit.fields.filter((f) => f.filled_by === "customer" && f.used).map((f) => f.id), RECIPIENT];
  const missing = required.filter((n) => !names.includes(n));
  if (missing.length) return { error: { code: "header_missing", columns: missing.join(", ") } };
  const kinds = Object.fromEntries([...kit.fields.map((f) => [f.id, f.kind]), [RECIPIENT, "email"]]);
  const expiryField = kit.fields.find((f) => f.kind === "date").id;
  const contracts = [], problems = [];
  for (const { line, cells } of records) {
    const row = Object.fromEntries(names.map((n, i) => [n, clean(cells[i] || "")]));
    const absent = required.filter((n) => !row[n]);
    if (absent.length) { problems.push({ line, code: "row_missing", columns: absent.join(", ") }); continue; }
    const bad = names.map((n) => [n, row[n] && kinds[n] && valueProblem(kit, kinds[n], row[n])])
      .find(([n, p]) => p || (kinds[n] === "date" && row[n] && !parseIso(row[n])));
    if (bad) {
      const [column, problem] = bad;
      problems.push({ line, column, code: `row_${problem ? problem.code : "date"}`, delimiter: problem && problem.delimiter });
      continue;
    }
    const values = Object.fromEntries(kit.fields.filter((f) => row[f.id]).map((f) => [f.id, row[f.id]]));
    contracts.push({ line, email: row[RECIPIENT], expiry: parseIso(row[expiryField]), values });
  }
  return { contracts, problems };
}

export const customerFolder = (c) =>
  `${String(c.line).padStart(4, "0")}-${c.email.replace(/[^A-Za-z0-9._@+-]+/g, "_").replace(/^[._]+|[._]+$/g, "") || "customer"}`;

// The neutral tokens of the footer an email system requires (unsubscribe link, postal address): a
// draft sent from a mail client has no system to fill them, so they stay for the partner to replace.
function footerTokens(kit) {
  const fields = new Set(kit.fields.map((f) => f.id));
  const neutral = kit.dialects[0].tokens;
  return Object.fromEntries(kit.ids.filter((id) => !fields.has(id) && id in neutral).map((id) => [id, neutral[id]]));
}

export function drafts(kit, contracts, partner) {
  const files = {}, events = [];
  const footer = footerTokens(kit);
  for (const contract of contracts) {
    const values = { ...partner, ...contract.values };
    for (const field of kit.fields) {
      if (field.kind === "date" && values[field.id]) values[field.id] = formatDate(kit, parseIso(values[field.id]));
    }
    const folder = customerFolder(contract);
    for (const step of plan(kit, contract.expiry)) {
      const emailId = step.touchpoint.email;
      if (!emailId) continue;
      const email = kit.emails.find((e) => e.id === emailId);
      files[`${folder}/${iso(step.date)}-${emailId}.eml`] = buildEml({
        subject: fill(kit, email.subject, values, { tokens: footer }), text: fill(kit, email.text, values, { tokens: footer }),
        html: fill(kit, email.html, values, { html: true, tokens: footer }), lang: kit.lang, to: contract.email });
    }
    events.push(...renewalEvents(kit, contract.expiry, contract.email, contract.values.company || contract.email));
  }
  files["renewals.ics"] = calendar(kit, events);
  return files;
}

function customerRow(kit, contract, step, say) {
  const tr = document.createElement("tr");
  const cell = (text, tag = "td") => Object.assign(document.createElement(tag), { textContent: text });
  const who = [contract.values.first_name, contract.values.company].filter(Boolean).join(", ");
  tr.append(cell(String(contract.line)), cell(who || contract.email), cell(contract.email),
    cell(step ? step.touchpoint.title : say("schedule_over")), cell(step ? formatDate(kit, step.date) : ""));
  return tr;
}
