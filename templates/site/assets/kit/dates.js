// Dates for the partner tools: whole days in UTC (no daylight-saving surprises), written with the
// kit's CLDR date pattern and names (Babel's, from kit.json), so they match `portal calendar`.

const DAY = 86400000;

export function parseIso(text) {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const [y, m, d] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
    ? date : null;
}

export const addDays = (date, days) => new Date(date.getTime() + days * DAY);
export const iso = (date) => date.toISOString().slice(0, 10);
export const compact = (date) => iso(date).replace(/-/g, "");

// The subset of CLDR date patterns that long date formats use: y, M, d, E, G runs and 'quoted text'.
export function formatDate(kit, date) {
  const names = kit.dates;
  const y = date.getUTCFullYear(), m = date.getUTCMonth(), d = date.getUTCDate();
  const pad = (n, width) => String(n).padStart(width, "0");
  const field = (run) => {
    const n = run.length;
    switch (run[0]) {
      case "y": return n === 2 ? pad(y % 100, 2) : pad(y, n);
      case "M": case "L": return n >= 4 ? names.months[m] : n === 3 ? names.months_short[m] : pad(m + 1, n);
      case "d": return pad(d, n);
      case "E": return names.weekdays[(date.getUTCDay() + 6) % 7];
      default: return run;
    }
  };
  return names.pattern.replace(/'([^']*)'|([yMLdEG])\2*/g, (run, quoted) =>
    quoted !== undefined ? (quoted === "" ? "'" : quoted) : field(run));
}
