// Calendar days in the account's time zone. Reports take `YYYY-MM-DD` in that zone, and "today"
// for a merchant in Tokyo is not "today" for the browser in Lisbon, so days are computed there.

function partsIn(timeZone, ms) {
  const f = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  });
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return { y: Number(p.year), m: Number(p.month), d: Number(p.day), h: Number(p.hour), min: Number(p.minute), s: Number(p.second) };
}

/** A time zone the browser knows, else the browser's own. */
export function validZone(timeZone) {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return timeZone;
  } catch {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  }
}

const pad = (n, w = 2) => String(n).padStart(w, '0');

/** Today (or the day of `date`) as `YYYY-MM-DD` in `timeZone`. */
export function dayIn(timeZone, date = new Date()) {
  const p = partsIn(validZone(timeZone), date.getTime());
  return `${pad(p.y, 4)}-${pad(p.m)}-${pad(p.d)}`;
}

/** `YYYY-MM-DD` plus `n` days (calendar arithmetic, no time zone involved). */
export function addDays(day, n) {
  const [y, m, d] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

/** The first day of the month of `day`. */
export function monthStart(day) {
  return `${day.slice(0, 8)}01`;
}

/** Every day from `from` to `to`, both included. */
export function daysFrom(from, to) {
  const out = [];
  for (let d = from; d <= to && out.length < 400; d = addDays(d, 1)) out.push(d);
  return out;
}

/** Whether a string is a real `YYYY-MM-DD` date. */
export function isDay(text) {
  return /^\d{4}-\d{2}-\d{2}$/.test(text || '') && addDays(text, 0) === text;
}

/** Unix seconds of midnight starting `day` in `timeZone` (found by correcting for the zone's offset, twice for DST edges). */
export function startOfDay(day, timeZone) {
  const zone = validZone(timeZone);
  const [y, m, d] = day.split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d);
  let ms = wall;
  for (let i = 0; i < 2; i += 1) {
    const p = partsIn(zone, ms);
    const seen = Date.UTC(p.y, p.m - 1, p.d, p.h, p.min, p.s);
    ms += wall - seen;
  }
  return Math.floor(ms / 1000);
}

/** Unix seconds of the last second of `day` in `timeZone`. */
export function endOfDay(day, timeZone) {
  return startOfDay(addDays(day, 1), timeZone) - 1;
}
