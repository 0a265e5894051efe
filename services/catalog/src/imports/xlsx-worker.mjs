// Reads a .xlsx for the catalog's imports off the event loop. Each ZIP entry (located by zip-entries.ts)
// is inflated here with a hard cap on the total output, whatever sizes the archive declares; SheetJS is
// handed the inflated parts as a stored archive (it inflates nothing itself), and the first sheet's rows
// are answered as cell text, one batch per 'next' message, so the importer pulls them at its own pace.
import { parentPort, workerData } from 'node:worker_threads';
import { inflateRawSync } from 'node:zlib';
import * as XLSX from 'xlsx';

const BATCH_ROWS = 1000;
const { file, entries, maxInflatedBytes, sheetRows, maxColumns } = workerData;

class Refusal extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

const tooLarge = () => new Refusal(413, `The spreadsheet inflates to more than ${maxInflatedBytes} bytes`);
const invalid = () => new Refusal(400, 'The file is not a valid .xlsx spreadsheet');

/** The archive's parts inflated, at most maxInflatedBytes in all, as a ZIP of stored entries. */
function storedArchive() {
  const container = XLSX.CFB.utils.cfb_new();
  let left = maxInflatedBytes;
  for (const { name, method, dataOffset, compressedSize } of entries) {
    const bytes = file.subarray(dataOffset, dataOffset + compressedSize);
    let data;
    try {
      data = method === 0 ? bytes : inflateRawSync(bytes, { maxOutputLength: Math.max(1, left) });
    } catch (error) {
      throw error?.code === 'ERR_BUFFER_TOO_LARGE' ? tooLarge() : invalid();
    }
    left -= data.length;
    if (left < 0) throw tooLarge();
    XLSX.CFB.utils.cfb_add(container, name, data);
  }
  return XLSX.CFB.write(container, { type: 'buffer', fileType: 'zip' });
}

/** The first sheet's rows (its first maxColumns columns) as cell text; formulas are not evaluated. */
function sheetRowsOf(archive) {
  let workbook;
  try {
    workbook = XLSX.read(archive, {
      type: 'buffer',
      dense: true,
      sheetRows,
      cellFormula: false,
      cellHTML: false,
    });
  } catch {
    throw invalid();
  }
  const name = workbook.SheetNames[0];
  const sheet = name === undefined ? undefined : workbook.Sheets[name];
  if (!sheet) throw new Refusal(400, 'The spreadsheet has no sheet');
  if (!sheet['!ref']) return [];
  const range = XLSX.utils.decode_range(sheet['!ref']);
  range.e.c = Math.min(range.e.c, range.s.c + maxColumns - 1);
  let rows;
  try {
    rows = XLSX.utils.sheet_to_json(sheet, { header: 1, raw: true, defval: '', blankrows: false, range });
  } catch {
    // Cells SheetJS read but cannot lay out, such as a malformed reference (r="-1").
    throw invalid();
  }
  return rows.map((row) => row.map((cell) => (cell === null || cell === undefined ? '' : String(cell))));
}

function read() {
  try {
    return { rows: sheetRowsOf(storedArchive()) };
  } catch (error) {
    if (error instanceof Refusal) return { refused: { status: error.status, message: error.message } };
    throw error;
  }
}

const outcome = read();
let next = 0;
parentPort.on('message', () => {
  if (outcome.refused) return parentPort.postMessage(outcome);
  const rows = outcome.rows.slice(next, next + BATCH_ROWS);
  next += rows.length;
  parentPort.postMessage(rows.length > 0 ? { rows } : { done: true });
});
