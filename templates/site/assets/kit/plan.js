// A customer's renewal calendar from the expiration date: generator/partner/plan.py in JavaScript.
import { addDays, formatDate } from "./dates.js";
import { phrase } from "./phrase.js";

export function plan(kit, expiry) {
  return kit.touchpoints.map((tp) => {
    const date = addDays(expiry, tp.day);
    const action = tp.partner_action;
    return { touchpoint: tp, date, actionDate: action ? addDays(date, -action.days_before) : null };
  });
}

export const nextStep = (steps, today) => steps.find((s) => s.date >= today) || null;

export function graceRule(kit, expiry, region) {
  const rules = kit.grace.rules;
  const rule = rules.find((r) => region && r.region_code === region.toUpperCase())
    || rules.find((r) => !r.region_code) || rules[0];
  const [y, m, d] = rule.date.split("-").map(Number);
  const start = new Date(Date.UTC(y, m - 1, d));
  const days = expiry >= start ? kit.grace.new_days : kit.grace.days;
  if (!days) {
    return phrase(kit.phrases.grace_ended, { region: rule.region, date: formatDate(kit, start),
      expiry: formatDate(kit, expiry) });
  }
  return phrase(kit.phrases.grace_open, { region: rule.region, days, until: formatDate(kit, addDays(expiry, days)) });
}
