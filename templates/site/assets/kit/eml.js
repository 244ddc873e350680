// .eml drafts (RFC 5322 + MIME): multipart/alternative, UTF-8 bodies (8bit), a non-ASCII subject
// as RFC 2047 encoded-words, "X-Unsent: 1" so Outlook opens it as a draft. The kit's own .eml files
// come from generator/kit/eml.py, by the same rules; these carry the partner's or customer's values.

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

// Encoded-words of at most 75 characters (45 octets each; the first 39, after "Subject: "), in
// lines of at most 76, never splitting a character (eml.py's fold_subject).
export function encodeHeader(text) {
  if (/^[\x20-\x7e]*$/.test(text)) return text;
  const words = [];
  let chunk = [];
  let size = 0;
  for (const char of text) {
    const octets = encoder.encode(char);
    if (size + octets.length > (words.length ? 45 : 39)) {
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
// keeps within RFC 5322's 998 octets and it holds no NUL, as the kit's own do; otherwise in base64
// (the rule of generator/kit/eml.py). A carriage return ends a line, as in eml.py: left alone it
// would pass into the file as a bare CR.
export const crlf = (text) => text.replace(/\r\n|\r|\n/g, "\r\n");
const fits = (line) => line.length * 3 <= 998
  || (line.length <= 998 && (/^[\x00-\x7f]*$/.test(line) || encoder.encode(line).length <= 998));
export const fitsIn8bit = (crlfText) => !crlfText.includes("\0") && crlfText.split("\r\n").every(fits);
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
