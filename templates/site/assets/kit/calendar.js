// Renewal calendar: a customer's expiration date in, each touchpoint's date, the partner's action
// before it and the region's grace rule out, and the same as an .ics file.
import { calendar, renewalEvents } from "./ics.js";
import { formatDate, iso, parseIso } from "./dates.js";
import { graceRule, plan } from "./plan.js";
import { download } from "./kitfiles.js";

export function setUpCalendar(kit, root, say) {
  const input = root.querySelector("input[name=expiry_date]");
  const region = root.querySelector("select[name=region]");
  const body = root.querySelector("tbody");
  const grace = root.querySelector("[data-grace]");
  const result = root.querySelector("[data-result]");
  const button = root.querySelector("[data-action=ics]");
  const error = document.getElementById(`${input.id}-problem`);

  const show = () => {
    const expiry = parseIso(input.value);
    error.textContent = input.value && !expiry ? say("invalid_date") : "";
    input.setAttribute("aria-invalid", input.value && !expiry ? "true" : "false");
    result.hidden = !expiry;
    if (!expiry) return;
    body.replaceChildren(...plan(kit, expiry).map((step) => row(kit, step)));
    grace.textContent = graceRule(kit, expiry, region.value);
  };
  input.addEventListener("input", show);
  region.addEventListener("change", show);
  button.addEventListener("click", () => {
    const expiry = parseIso(input.value);
    if (expiry) download(`renewal-${iso(expiry)}.ics`, calendar(kit, renewalEvents(kit, expiry)), "text/calendar;charset=utf-8");
  });
  show();
}

function row(kit, step) {
  const tp = step.touchpoint, action = tp.partner_action;
  const tr = document.createElement("tr");
  const th = Object.assign(document.createElement("th"), { scope: "row" });
  th.append(Object.assign(document.createElement("time"), { dateTime: iso(step.date), textContent: formatDate(kit, step.date) }));
  const what = document.createElement("td");
  what.append(Object.assign(document.createElement("strong"), { textContent: tp.title }),
    document.createElement("br"), `${tp.who} (${tp.when})`);
  const todo = document.createElement("td");
  if (action) {
    todo.append(Object.assign(document.createElement("time"), { dateTime: iso(step.actionDate), textContent: formatDate(kit, step.actionDate) }),
      document.createElement("br"), action.text);
  }
  tr.append(th, what, todo);
  return tr;
}
