/**
 * TEST ONLY — just enough SIP message parsing for the lab's tests (RFC 3261 syntax as
 * Kamailio and SIPp emit it: one header per line, compact names mapped, no folding).
 */
export interface SipMessage {
  isRequest: boolean;
  method: string;
  uri: string;
  status: number;
  reason: string;
  headers: [string, string][];
  body: string;
}

const COMPACT: Record<string, string> = { v: 'via', f: 'from', t: 'to', i: 'call-id', m: 'contact', l: 'content-length', c: 'content-type', k: 'supported' };
// Headers whose comma-separated values are separate entries (others keep commas, e.g. auth).
const LIST_HEADERS = new Set(['via', 'route', 'record-route', 'contact']);

function canonical(name: string): string {
  const lower = name.trim().toLowerCase();
  return COMPACT[lower] ?? lower;
}

export function parseSip(text: string): SipMessage {
  const split = text.indexOf('\r\n\r\n');
  const head = split < 0 ? text : text.slice(0, split);
  const body = split < 0 ? '' : text.slice(split + 4);
  const [startLine = '', ...lines] = head.split('\r\n');
  const headers: [string, string][] = [];
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.push([canonical(line.slice(0, colon)), line.slice(colon + 1).trim()]);
  }
  const response = /^SIP\/2\.0 (\d{3}) ?(.*)$/.exec(startLine);
  if (response !== null) return { isRequest: false, method: '', uri: '', status: Number(response[1]), reason: response[2] ?? '', headers, body };
  const request = /^([A-Z]+) (\S+) SIP\/2\.0$/.exec(startLine);
  if (request === null) throw new Error(`not a SIP message: ${startLine.slice(0, 80)}`);
  return { isRequest: true, method: request[1] ?? '', uri: request[2] ?? '', status: 0, reason: '', headers, body };
}

/** Splits on commas outside <> and quotes. */
function splitList(value: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < value.length; i += 1) {
    const ch = value[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch === '<') depth += 1;
    else if (!quoted && ch === '>') depth -= 1;
    else if (!quoted && depth === 0 && ch === ',') {
      out.push(value.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(value.slice(start).trim());
  return out.filter((part) => part !== '');
}

export function headerValues(message: SipMessage, name: string): string[] {
  const wanted = canonical(name);
  const values = message.headers.filter(([key]) => key === wanted).map(([, value]) => value);
  return LIST_HEADERS.has(wanted) ? values.flatMap(splitList) : values;
}

export function header(message: SipMessage, name: string): string | undefined {
  return headerValues(message, name)[0];
}

/** The URI of a name-addr ("Bob" <sip:b@x>;tag=1 -> sip:b@x). */
export function uriOf(nameAddr: string): string {
  const angle = /<([^>]*)>/.exec(nameAddr);
  if (angle !== null) return angle[1] ?? '';
  return nameAddr.split(';')[0]?.trim() ?? '';
}

export function tagOf(nameAddr: string): string | undefined {
  const outside = nameAddr.replace(/<[^>]*>/, '');
  return /;\s*tag=([^;\s]+)/i.exec(outside)?.[1];
}

export function userOf(uri: string): string {
  return /^sips?:([^@;]+)@/.exec(uri)?.[1] ?? '';
}

/** One SDP attribute/line check helper: all lines of the body starting with `prefix`. */
export function sdpLines(body: string, prefix: string): string[] {
  return body.split(/\r?\n/).filter((line) => line.startsWith(prefix));
}
