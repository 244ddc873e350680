// The mail merge's files: a personalized .eml draft per customer and email notice, and one .ics of
// every customer's dates; what `portal merge` writes (generator/partner/drafts.py), under the same names.
import { formatDate, iso, parseIso } from "./dates.js";
import { emlSkeleton } from "./emlskeleton.js";
import { calendar, renewalEvents } from "./ics.js";
import { plan } from "./plan.js";

const CALENDAR_FILE = "renewals.ics";

export const customerFolder = (c) =>
  `${String(c.line).padStart(4, "0")}-${c.email.replace(/[^A-Za-z0-9._@+-]+/g, "_").replace(/^[._]+|[._]+$/g, "") || "customer"}`;

// A draft goes out from the partner's mail client, where no email system fills tokens: every field,
// the footer's too, is the partner's or the customer's value (the mail merge checks the required
// ones first), and an optional part without a value (the preferences link) is dropped.
const NO_TOKENS = Object.freeze({});

function customerValues(kit, partner, contract) {
  const values = { ...partner, ...contract.values };
  for (const field of kit.fields) {
    if (field.kind === "date" && values[field.id]) values[field.id] = formatDate(kit, parseIso(values[field.id]));
  }
  return values;
}

// Each customer's .eml drafts (bytes), by path in the zip.
export function emlDrafts(kit, contracts, partner) {
  const files = {};
  const shared = customerValues(kit, partner, { values: {} });
  const varying = new Set(contracts.flatMap((c) => Object.keys(c.values)));
  const skeletons = new Map(kit.emails.map((e) => [e.id, emlSkeleton(kit, e, { tokens: NO_TOKENS, shared, varying })]));
  for (const contract of contracts) {
    const values = customerValues(kit, partner, contract);
    const folder = customerFolder(contract);
    for (const step of plan(kit, contract.expiry)) {
      const emailId = step.touchpoint.email;
      if (emailId) files[`${folder}/${iso(step.date)}-${emailId}.eml`] = skeletons.get(emailId)(values, contract.email);
    }
  }
  return files;
}

export const calendarFile = (kit, contracts) => ({
  [CALENDAR_FILE]: calendar(kit, contracts.flatMap((c) =>
    renewalEvents(kit, c.expiry, c.email, c.values.company || c.email))),
});

// Every file of the merge, by path in the zip: the drafts, then the calendar.
export const drafts = (kit, contracts, partner) =>
  ({ ...emlDrafts(kit, contracts, partner), ...calendarFile(kit, contracts) });
