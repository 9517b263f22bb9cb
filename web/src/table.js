// A spreadsheet as the workbench reads it: a header row and text cells. CSV is UTF-8 or, as
// Excel saves it in China, GBK (decoded by the browser); .xlsx (its first sheet) goes through
// read-excel-file.
import Papa from "papaparse";
import { readSheet } from "read-excel-file/browser";

/** Decodes CSV bytes: UTF-8 when they are, else GBK. */
export function decode(bytes) {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    return new TextDecoder("gbk").decode(bytes);
  }
}

/** `{ headers, rows }` from a File: rows are arrays of text cells, trailing empty lines dropped. */
export async function readTable(file) {
  const name = file.name.toLowerCase();
  let cells;
  if (name.endsWith(".xlsx")) {
    cells = (await readSheet(file)).map((row) => row.map(text)); // the first sheet
  } else if (name.endsWith(".csv") || name.endsWith(".txt")) {
    const parsed = Papa.parse(decode(new Uint8Array(await file.arrayBuffer())), { skipEmptyLines: "greedy" });
    if (parsed.errors.length) {
      const e = parsed.errors[0];
      throw new Error(`${file.name}: 第 ${e.row + 2} 行 line ${e.row + 2}: ${e.message}`);
    }
    cells = parsed.data;
  } else {
    throw new Error(`${file.name}: 请选择 .csv 或 .xlsx 文件 · choose a .csv or .xlsx file`);
  }
  const [headers = [], ...rows] = cells;
  return { headers: headers.map((h) => text(h).trim()), rows };
}

/** A cell as text: numbers as written, dates as YYYY-MM (the month column), empty as "". */
function text(value) {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 7);
  return String(value);
}
