// CSV (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes, CRLF or LF), with the
// line each record starts on; a semicolon header without commas means semicolons (Excel in many
// languages). Python's csv module reads the same files for `portal merge`.

export function parseCsv(text) {
  text = text.replace(/^\ufeff/, "");
  const firstLine = text.split("\n", 1)[0];
  const delimiter = firstLine.includes(";") && !firstLine.includes(",") ? ";" : ",";
  const records = [];
  let fields = [], field = "", quoted = false, line = 1, start = 1, i = 0;
  const endField = () => { fields.push(field); field = ""; };
  const endRecord = () => { endField(); records.push({ line: start, cells: fields }); fields = []; };
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      if (c === "\n") line++;
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === "") { quoted = true; i++; continue; }
    if (c === delimiter) { endField(); i++; continue; }
    if (c === "\r" || c === "\n") {
      endRecord();
      i += c === "\r" && text[i + 1] === "\n" ? 2 : 1;
      line++;
      start = line;
      continue;
    }
    field += c;
    i++;
  }
  if (field !== "" || fields.length) endRecord();
  return records.filter((r) => r.cells.some((cell) => cell.trim() !== ""));
}
