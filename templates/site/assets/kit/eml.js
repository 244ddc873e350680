// .eml drafts (RFC 5322 + MIME): multipart/alternative, UTF-8 bodies (8bit), a non-ASCII subject
// as RFC 2047 encoded-words, "X-Unsent: 1" so Outlook opens it as a draft. The kit's own .eml files
// come from Python's email package; these carry the partner's or customer's values, filled in here.

const encoder = new TextEncoder();

function base64(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function lines76(text) {
  const lines = [];
  for (let i = 0; i < text.length; i += 76) lines.push(text.slice(i, i + 76));
  return lines.join("\r\n");
}

// Encoded-words of at most 75 characters (45 octets each), never splitting a character.
export function encodeHeader(text) {
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  const words = [];
  let chunk = [];
  let size = 0;
  for (const char of text) {
    const octets = encoder.encode(char);
    if (size + octets.length > 45) {
      words.push(chunk);
      chunk = [];
      size = 0;
    }
    chunk.push(...octets);
    size += octets.length;
  }
  words.push(chunk);
  return words.map((w) => `=?utf-8?b?${base64(Uint8Array.from(w))}?=`).join("\r\n ");
}

export function digest(text) {  // FNV-1a: the same message always gets the same boundary
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

// A body goes as it is (8bit, RFC 6152: every server since the 1990s) while each of its lines
// keeps within RFC 5322's 998 octets, which the kit's own lines do; otherwise in base64.
export const crlf = (text) => text.replace(/\r?\n/g, "\r\n");
const fits = (line) => line.length * 3 <= 998
  || (line.length <= 998 && (/^[\x00-\x7f]*$/.test(line) || encoder.encode(line).length <= 998));
export const fitsIn8bit = (crlfText) => crlfText.split("\r\n").every(fits);
export const partHeader = (type, encoding) =>
  `Content-Type: ${type}; charset="utf-8"\r\nContent-Transfer-Encoding: ${encoding}\r\n\r\n`;

function part(type, body) {
  const data = crlf(body);
  if (fitsIn8bit(data)) return `${partHeader(type, "8bit")}${data}\r\n`;
  return `${partHeader(type, "base64")}${lines76(base64(encoder.encode(data)))}\r\n`;
}

// The message around its two parts: `[head, between, tail]` (emlskeleton.js fills in the parts).
export function emlFrame({ subject, text, lang, to = "" }) {
  // No line of the kit starts with "--=_renewals_", and base64 never holds "=_".
  const boundary = `=_renewals_${digest(`${to}\0${subject}\0${text}`)}`;
  const headers = [
    ...(to ? [`To: ${to}`] : []),
    `Subject: ${encodeHeader(subject)}`,
    "X-Unsent: 1",
    "MIME-Version: 1.0",
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    `Content-Language: ${lang}`,
  ];
  return [`${headers.join("\r\n")}\r\n\r\n--${boundary}\r\n`, `--${boundary}\r\n`, `--${boundary}--\r\n`];
}

export function buildEml(message) {
  const [head, between, tail] = emlFrame(message);
  return `${head}${part("text/plain", message.text)}${between}${part("text/html", message.html)}${tail}`;
}
