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
    try {
      cells = (await readSheet(file)).map((row) => row.map(text)); // the first sheet
    } catch (error) {
      throw new Error(`${file.name}: 不是可读的 Excel 工作簿 · not a readable Excel workbook (${error.message})`);
    }
  } else if (name.endsWith(".csv") || name.endsWith(".txt")) {
    const parsed = Papa.parse(decode(new Uint8Array(await file.arrayBuffer())), { skipEmptyLines: "greedy" });
    // A file of one column (or none) has no delimiter to detect: Papa's comma is then right.
    const e = parsed.errors.find((error) => error.type !== "Delimiter");
    if (e) {
      // Papa counts rows from 0 at the header: the spreadsheet's row number is one more.
      const at = Number.isInteger(e.row) ? `第 ${e.row + 1} 行 row ${e.row + 1}: ` : "";
      throw new Error(`${file.name}: ${at}${e.message}`);
    }
    cells = parsed.data;
  } else {
    throw new Error(`${file.name}: 请选择 .csv 或 .xlsx 文件 · choose a .csv or .xlsx file`);
  }
  const [headers = [], ...rows] = cells;
  // An empty sheet would replace the last results with nothing: it is refused instead.
  if (!rows.length) throw new Error(`${file.name}: 表头下没有数据行 · no data rows below a header row`);
  return { headers: headers.map((h) => text(h).trim()), rows };
}

/** A cell as text: numbers as written, dates as YYYY-MM (the month column), empty as "". */
function text(value) {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 7);
  return String(value);
}
