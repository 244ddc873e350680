// Mail merge: a CSV of contracts in; each customer's next notice and date, the bad rows with their
// line numbers, and one zip of personalized .eml drafts per customer and notice plus one .ics.
// The rules are those of `portal merge` (generator/partner/contracts.py and drafts.py).
import { clean, valueProblem } from "./checks.js";
import { parseCsv } from "./csv.js";
import { formatDate, iso, parseIso } from "./dates.js";
import { download } from "./kitfiles.js";
import { packZip } from "./zip.js";
import { nextStep, plan } from "./plan.js";

const RECIPIENT = "email";
const DRAFTS_FOLDER = "renewal-drafts";
const MAX_WORKERS = 4;
const CUSTOMERS_PER_WORKER = 100;  // fewer customers than this: one worker; starting one costs more

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
  const progress = root.querySelector("[data-progress]");
  button.addEventListener("click", async () => {
    if (button.getAttribute("aria-disabled") === "true") return;  // still making the last zip
    const partner = partnerDetails();
    const missing = kit.fields.filter((f) => f.filled_by === "partner" && !partner[f.id]
      && !contracts.every((c) => c.values[f.id])).map((f) => f.description)
      .concat(kit.footer.filter((f) => f.required && !partner[f.id]).map((f) => fieldLabel(f.id)));
    if (missing.length) {
      summary.textContent = say("partner_missing", { fields: missing.join(", ") });
      return;
    }
    // aria-disabled, not disabled: the button keeps the keyboard's focus while the zip is made
    button.setAttribute("aria-disabled", "true");
    Object.assign(progress, { hidden: false, value: 0 });
    try {
      const zip = await draftsZip(kit, contracts, partner, (done, total) => Object.assign(progress, { value: done / total }));
      download(`${DRAFTS_FOLDER}.zip`, zip, "application/zip");
    } finally {
      button.removeAttribute("aria-disabled");
      progress.hidden = true;
    }
  });
}

// The footer's fields are the co-branding form's own, named as its labels name them.
const fieldLabel = (id) => (document.querySelector(`label[for="kit-${id}"]`) || { textContent: id }).textContent;

// The zip of every draft: workers (mergeworker.js) make and deflate the files, a share of the
// customers each, so the page stays responsive; `onProgress(done, total)` as files are deflated.
export async function draftsZip(kit, contracts, partner, onProgress = () => {}) {
  const count = Math.max(1, Math.min(navigator.hardwareConcurrency || 1, MAX_WORKERS,
    Math.ceil(contracts.length / CUSTOMERS_PER_WORKER)));
  const share = Math.ceil(contracts.length / count);
  const done = new Array(count).fill(0);
  const total = contracts.length * kit.touchpoints.filter((t) => t.email).length + 1;
  const parts = await Promise.all(done.map((_, i) => inWorker({
    kit, partner, folder: DRAFTS_FOLDER, contracts: contracts.slice(i * share, (i + 1) * share),
    calendar: i === count - 1 ? contracts : null,
  }, (files) => {
    done[i] = files;
    onProgress(done.reduce((a, b) => a + b, 0), total);
  })));
  return packZip(parts.flat());
}

function inWorker(job, onProgress) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./mergeworker.js", import.meta.url), { type: "module" });
    const end = (settle, value) => {
      worker.terminate();
      settle(value);
    };
    worker.onmessage = ({ data }) => {
      if (data.entries) end(resolve, data.entries);
      else if (data.error) end(reject, new Error(`mail merge worker: ${data.error}`));
      else onProgress(data.done);
    };
    worker.onerror = (event) => end(reject, new Error(`mail merge worker: ${event.message || "did not start"}`));
    worker.postMessage(job);
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

function customerRow(kit, contract, step, say) {
  const tr = document.createElement("tr");
  const cell = (text, tag = "td") => Object.assign(document.createElement(tag), { textContent: text });
  const who = [contract.values.first_name, contract.values.company].filter(Boolean).join(", ");
  tr.append(cell(String(contract.line)), cell(who || contract.email), cell(contract.email),
    cell(step ? step.touchpoint.title : say("schedule_over")), cell(step ? formatDate(kit, step.date) : ""));
  return tr;
}
