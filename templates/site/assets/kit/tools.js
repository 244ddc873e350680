// The kit page's partner tools: co-branding, renewal calendar, mail merge. Each reads this
// language's kit description (downloads/kit.json, written by the build) and works in the browser
// only: no request leaves the site, no customer data leaves the partner's machine.
import { setUpCalendar } from "./calendar.js";
import { setUpCobrand } from "./cobrand.js";
import { setUpMailMerge } from "./mailmerge.js";
import { phrase } from "./phrase.js";

async function start() {
  const holder = document.querySelector("[data-kit-json]");
  if (!holder) return;
  const messages = JSON.parse(document.getElementById("kit-tools-messages").textContent);
  const say = (key, values = {}) => phrase(messages[key] || key, values);
  const response = await fetch(holder.dataset.kitJson);
  const kit = await response.json();
  const part = (name) => document.querySelector(`[data-kit-tool=${name}]`);
  const details = part("cobrand") ? setUpCobrand(kit, part("cobrand"), say) : () => ({});
  if (part("calendar")) setUpCalendar(kit, part("calendar"), say);
  if (part("merge")) setUpMailMerge(kit, part("merge"), say, details);
  document.documentElement.dataset.kitTools = "ready";
}

start();
