// One email's .eml drafts for many customers: the lines no customer changes are filled and encoded
// once per merge, each draft fills only the lines with its own fields (the kit's own files need no
// such thing: generator/kit/eml.py fills each email system's whole body, which is a join). The bytes
// are buildEml's, to the byte; a line too long for 8bit sends the draft through buildEml itself
// (base64).
import { buildEml, crlf, emlFrame, fitsIn8bit, partHeader } from "./eml.js";
import { fill } from "./fill.js";

const encoder = new TextEncoder();
const MARK = /ZZ(MERGE|OPEN|CLOSE)(\d+)ZZ|<!--(\/?)slot:([a-z_]+)-->/g;

// The body in runs of whole lines, each with the fields it reads; an optional part or a slot
// region stays in one run, so filling run by run is filling the whole.
function runs(kit, body) {
  const out = [];
  const open = new Set();
  body.split("\n").forEach((line, i, lines) => {
    const text = i < lines.length - 1 ? `${line}\n` : line;
    const last = out[out.length - 1];
    const run = open.size ? last : { text: "", ids: new Set() };
    if (run !== last) out.push(run);
    run.text += text;
    for (const [, kind, index, closing, slot] of line.matchAll(MARK)) {
      const key = slot ? `slot:${slot}` : `optional:${index}`;
      run.ids.add(slot || kit.ids[Number(index)]);
      if (kind === "OPEN" || (slot && !closing)) open.add(key);
      if (kind === "CLOSE" || (slot && closing)) open.delete(key);
    }
  });
  return out;
}

class MarkedBody {
  // `varying`: the fields some customer has a value for; every other field is the same in all drafts.
  constructor(kit, body, { html, tokens, shared, varying }) {
    this.fill = (text, values) => fill(kit, text, values, { html, tokens });
    this.pieces = [];
    for (const run of runs(kit, body)) {
      if ([...run.ids].some((id) => varying.has(id))) this.pieces.push({ marked: run.text });
      else this.fixed(this.fill(run.text, shared));
    }
  }

  fixed(filled) {
    const last = this.pieces[this.pieces.length - 1];
    const merge = last && !last.marked;
    const text = crlf(merge ? last.text + filled : filled);
    this.pieces.splice(merge ? -1 : this.pieces.length, 1, { text, bytes: encoder.encode(text), fits: fitsIn8bit(text) });
  }

  // Each piece of the body for these values: fixed ones as they are, marked ones filled (CRLF).
  render(values) {
    return this.pieces.map((piece) => (piece.marked ? crlf(this.fill(piece.marked, values)) : piece));
  }

  static text(rendered) {
    return rendered.map((piece) => (typeof piece === "string" ? piece : piece.text)).join("");
  }

  static fits(rendered) {
    return rendered.every((piece) => (typeof piece === "string" ? fitsIn8bit(piece) : piece.fits));
  }
}

// `draft(values, to)`: the .eml bytes of this email for one customer.
export function emlSkeleton(kit, email, { tokens, shared, varying }) {
  const text = new MarkedBody(kit, email.text, { html: false, tokens, shared, varying });
  const html = new MarkedBody(kit, email.html, { html: true, tokens, shared, varying });
  const out = new Bytes();
  return (values, to) => {
    const subject = fill(kit, email.subject, values, { tokens });
    const plain = text.render(values), rich = html.render(values);
    // buildEml's boundary digests the text with the line ends the kit wrote (LF)
    const plainText = MarkedBody.text(plain).replace(/\r\n/g, "\n");
    if (!MarkedBody.fits(plain) || !MarkedBody.fits(rich)) {
      const richText = MarkedBody.text(rich).replace(/\r\n/g, "\n");
      return encoder.encode(buildEml({ subject, text: plainText, html: richText, lang: kit.lang, to }));
    }
    const [head, between, tail] = emlFrame({ subject, text: plainText, lang: kit.lang, to });
    out.write(head + partHeader("text/plain", "8bit"), ...plain, "\r\n");
    out.write(between + partHeader("text/html", "8bit"), ...rich, "\r\n", tail);
    return out.take();
  };
}

// UTF-8 written into one growing buffer: thousands of short strings a draft, one copy out.
class Bytes {
  constructor() {
    this.buffer = new Uint8Array(1 << 16);
    this.size = 0;
  }

  write(...items) {
    for (const item of items) {
      if (typeof item === "string") this.string(item);
      else this.bytes(item.bytes);
    }
  }

  room(extra) {
    if (this.size + extra <= this.buffer.length) return;
    const bigger = new Uint8Array(Math.max(this.buffer.length * 2, this.size + extra));
    bigger.set(this.buffer.subarray(0, this.size));
    this.buffer = bigger;
  }

  bytes(data) {
    this.room(data.length);
    this.buffer.set(data, this.size);
    this.size += data.length;
  }

  string(text) {
    this.room(text.length * 3);  // UTF-8 takes at most 3 octets per UTF-16 unit
    const buffer = this.buffer;
    let at = this.size;
    for (let i = 0; i < text.length; i++) {  // ASCII by hand: most of it, and faster than a call
      const code = text.charCodeAt(i);
      if (code >= 0x80) {
        at += encoder.encodeInto(text.slice(i), buffer.subarray(at)).written;
        break;
      }
      buffer[at++] = code;
    }
    this.size = at;
  }

  take() {
    const data = this.buffer.slice(0, this.size);
    this.size = 0;
    return data;
  }
}
