// .eml drafts (RFC 5322 + MIME): multipart/alternative, UTF-8 bodies in base64, a non-ASCII subject
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

const lines76 = (text) => text.replace(/.{76}(?=.)/g, "$&\r\n");

// Encoded-words of at most 75 characters (45 octets each), never splitting a character.
function encodeHeader(text) {
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

function digest(text) {  // FNV-1a: a boundary that depends only on the message
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

function part(type, body) {
  const data = lines76(base64(encoder.encode(body.replace(/\r?\n/g, "\r\n"))));
  return `Content-Type: ${type}; charset="utf-8"\r\nContent-Transfer-Encoding: base64\r\n\r\n${data}\r\n`;
}

export function buildEml({ subject, text, html, lang, to = "" }) {
  const boundary = `=_renewals_${digest(subject + "\0" + text + "\0" + html)}`;
  const headers = [
    ...(to ? [`To: ${to}`] : []),
    `Subject: ${encodeHeader(subject)}`,
    "X-Unsent: 1",
    "MIME-Version: 1.0",
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    `Content-Language: ${lang}`,
  ];
  return `${headers.join("\r\n")}\r\n\r\n--${boundary}\r\n${part("text/plain", text)}`
    + `--${boundary}\r\n${part("text/html", html)}--${boundary}--\r\n`;
}
