/**
 * A small iCalendar (RFC 5545) writer for the hub's event feeds: lines end in CRLF and are folded
 * at 75 octets without splitting a character, TEXT values are escaped, and every time is in UTC.
 */

export interface CalendarEntry {
  /** Stable for the life of the event, so calendar apps update it rather than add a copy. */
  uid: string;
  /** Goes up with every change that matters to attendees. */
  sequence: number;
  start: Date;
  end: Date;
  created: Date;
  lastModified: Date;
  summary: string;
  /** Plain text. */
  description: string;
  location: string;
  url: string;
  cancelled: boolean;
  categories?: string[];
}

export interface Calendar {
  name: string;
  description?: string;
  entries: CalendarEntry[];
  /** The moment the calendar was made, for DTSTAMP; now unless given. */
  stamp?: Date;
}

const maxOctets = 75;

// Control characters other than the line break are not allowed in TEXT values.
const controls = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/** A TEXT value: backslash, semicolon, comma and line breaks escaped (RFC 5545 §3.3.11). */
export function escapeText(value: string): string {
  return value
    .replace(controls, '')
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

/** A URI value: no escaping, but no line breaks or control characters either. */
function uriValue(value: string): string {
  return value.replace(/[\u0000-\u001F\u007F]/g, '');
}

/**
 * Folds a content line so no physical line is longer than 75 octets; each continuation starts
 * with one space (RFC 5545 §3.1). Characters are never split between lines.
 */
export function foldLine(line: string): string {
  if (Buffer.byteLength(line, 'utf8') <= maxOctets) return line;
  const lines: string[] = [];
  let current = '';
  let octets = 0;
  let limit = maxOctets;
  for (const character of line) {
    const size = Buffer.byteLength(character, 'utf8');
    if (octets + size > limit) {
      lines.push(current);
      current = ' ';
      octets = 1;
      limit = maxOctets;
    }
    current += character;
    octets += size;
  }
  lines.push(current);
  return lines.join('\r\n');
}

/** 20261212T100000Z */
export function utcStamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

function property(name: string, value: string): string {
  return foldLine(`${name}:${value}`);
}

export function renderCalendar(calendar: Calendar): string {
  const stamp = utcStamp(calendar.stamp ?? new Date());
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Seedbed//Events//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    property('X-WR-CALNAME', escapeText(calendar.name)),
    ...(calendar.description ? [property('X-WR-CALDESC', escapeText(calendar.description))] : []),
    'REFRESH-INTERVAL;VALUE=DURATION:PT1H',
    'X-PUBLISHED-TTL:PT1H',
  ];
  for (const entry of calendar.entries) {
    lines.push(
      'BEGIN:VEVENT',
      property('UID', escapeText(entry.uid)),
      `DTSTAMP:${stamp}`,
      `DTSTART:${utcStamp(entry.start)}`,
      `DTEND:${utcStamp(entry.end)}`,
      `CREATED:${utcStamp(entry.created)}`,
      `LAST-MODIFIED:${utcStamp(entry.lastModified)}`,
      `SEQUENCE:${Math.max(0, Math.floor(entry.sequence))}`,
      `STATUS:${entry.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
      property('SUMMARY', escapeText(entry.summary)),
      ...(entry.description ? [property('DESCRIPTION', escapeText(entry.description))] : []),
      ...(entry.location ? [property('LOCATION', escapeText(entry.location))] : []),
      ...(entry.categories && entry.categories.length > 0 ? [property('CATEGORIES', entry.categories.map(escapeText).join(','))] : []),
      property('URL', uriValue(entry.url)),
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.join('\r\n')}\r\n`;
}
