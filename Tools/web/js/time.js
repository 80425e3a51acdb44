// Wall-clock times in an IANA zone without a library: Intl tells a zone's offset at an instant; a wall time becomes
// an instant by trying the offsets a day before and after it (a time that does not exist resolves forward by the
// gap, one that exists twice to the first, as RFC 5545 says).

export const localZone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";

export function zones() {
  try {
    return Intl.supportedValuesOf("timeZone");
  } catch {
    return [localZone, "UTC"];
  }
}

export function isZone(zone) {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function parts(date, zone) {
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone: zone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", second: "2-digit",
  });
  const out = {};
  for (const { type, value } of format.formatToParts(date)) out[type] = Number(value);
  return out;
}

/** Milliseconds the zone is ahead of UTC at `date`. */
function offset(date, zone) {
  const p = parts(date, zone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(date.getTime() / 1000) * 1000;
}

/** `"2026-12-08T17:30"` in `zone` → a Date (RFC 5545: a skipped time moves forward, a repeated one is the first). */
export function wallToInstant(wall, zone) {
  const [date, time = "00:00"] = wall.split("T");
  const [y, m, d] = date.split("-").map(Number);
  const [hh, mm] = time.split(":").map(Number);
  const guess = Date.UTC(y, m - 1, d, hh, mm);
  const before = offset(new Date(guess - 864e5), zone);
  const after = offset(new Date(guess + 864e5), zone);
  const matching = [guess - before, guess - after]
    .filter((instant) => instantToWall(new Date(instant), zone) === wall.slice(0, 16))
    .sort((a, b) => a - b);
  return new Date(matching[0] ?? guess - before);
}

/** A Date → `"2026-12-08T17:30"` as the wall clock in `zone` shows it (for `<input type=datetime-local>`). */
export function instantToWall(date, zone) {
  const p = parts(date, zone);
  const two = (n) => String(n).padStart(2, "0");
  return `${p.year}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}`;
}

/** A short, friendly due label ("Today 17:30", "Tue 9 Dec 08:00") in `zone`, with the zone when not ours. */
export function dueLabel(iso, zone) {
  const date = new Date(iso);
  const tz = zone && isZone(zone) ? zone : localZone;
  const day = instantToWall(date, tz).slice(0, 10);
  const today = instantToWall(new Date(), tz).slice(0, 10);
  const tomorrow = instantToWall(new Date(Date.now() + 864e5), tz).slice(0, 10);
  const time = new Intl.DateTimeFormat(undefined, { timeZone: tz, hour: "2-digit", minute: "2-digit" }).format(date);
  let label;
  if (day === today) label = `Today ${time}`;
  else if (day === tomorrow) label = `Tomorrow ${time}`;
  else {
    label = new Intl.DateTimeFormat(undefined, {
      timeZone: tz, weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit",
    }).format(date);
  }
  return tz === localZone ? label : `${label} (${tz})`;
}

/** A duration in words for `PT30M`-style reminder offsets. */
export function durationLabel(iso) {
  const match = /^-?P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(iso ?? "");
  if (!match) return iso;
  const [, d, h, m] = match.map((v) => Number(v ?? 0));
  const words = [];
  if (d) words.push(`${d} day${d > 1 ? "s" : ""}`);
  if (h) words.push(`${h} hour${h > 1 ? "s" : ""}`);
  if (m) words.push(`${m} min`);
  return words.length ? `${words.join(" ")} before` : "at due time";
}
