// The mail merge's zip: thousands of small drafts, each deflated by the browser's own zlib
// (CompressionStream) and packed by fflate's Zip. fflate's deflate spends most of its time setting
// up each small file; the native one is about twice as fast here and compresses better (level 6).
import { gzipSync, Zip } from "./vendor/fflate.js";

const encoder = new TextEncoder();
const ZIP_DATE = new Date(1980, 0, 1, 0, 0, 0);  // as the build's own zip: same input, same bytes

// RFC 1952: a 10-octet header (FLG 0: no name, no comment), the deflate data, CRC-32, size.
// Browsers without CompressionStream (Safari before 16.4) get fflate's, at its fastest level.
async function gzip(data) {
  let out = null;
  if (typeof CompressionStream === "undefined") out = gzipSync(data, { level: 1 });
  else {
    const stream = new CompressionStream("gzip");
    const writer = stream.writable.getWriter();
    const [, , buffer] = await Promise.all([writer.write(data), writer.close(),
      new Response(stream.readable).arrayBuffer()]);
    out = new Uint8Array(buffer);
  }
  if (out[0] !== 0x1f || out[1] !== 0x8b || out[3] !== 0) throw new Error("gzip: unexpected header");
  const view = new DataView(out.buffer, out.byteOffset, out.length);
  return { deflated: out.subarray(10, out.length - 8), crc: view.getUint32(out.length - 8, true) };
}

// Each file deflated on its own, as a zip entry; `onProgress(done, total)` after each.
export async function deflateFiles(files, folder, onProgress = () => {}) {
  const entries = [];
  const paths = Object.keys(files);
  for (const [i, path] of paths.entries()) {
    const data = typeof files[path] === "string" ? encoder.encode(files[path]) : files[path];
    const { deflated, crc } = await gzip(data);
    entries.push({ filename: `${folder}/${path}`, size: data.length, crc, deflated });
    onProgress(i + 1, paths.length);
  }
  return entries;
}

// The zip of entries from deflateFiles, in their order.
export function packZip(entries) {
  const chunks = [];
  let failed = null;
  const zip = new Zip((error, chunk) => {
    if (error) failed = error;
    else chunks.push(chunk);
  });
  for (const { filename, size, crc, deflated } of entries) {
    const file = { filename, size, crc, compression: 8, mtime: ZIP_DATE };
    zip.add(file);  // fflate's documented ZipInputFile, with data deflated already
    file.ondata(null, deflated, true);
    if (failed) throw failed;
  }
  zip.end();
  return concat(chunks);
}

export const zipDrafts = async (files, folder, onProgress) => packZip(await deflateFiles(files, folder, onProgress));

function concat(chunks) {
  const out = new Uint8Array(chunks.reduce((size, chunk) => size + chunk.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
