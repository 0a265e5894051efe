import { ValidationError } from '@shop/platform';

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_ENTRY_SIGNATURE = 0x02014b50;
const EOCD_MIN_SIZE = 22;
const MAX_COMMENT = 0xffff;

/**
 * The total uncompressed size a ZIP's central directory declares, read without inflating anything:
 * find the End Of Central Directory record, then walk the entries. 400 when it is not a ZIP.
 * A ZIP64 entry (sizes 0xffffffff) counts as that much, so it is refused by any sane limit.
 */
export function zipInflatedSize(zip: Buffer): number {
  const eocd = findEndOfCentralDirectory(zip);
  const entries = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  let total = 0;
  for (let entry = 0; entry < entries; entry++) {
    if (offset + 46 > zip.length || zip.readUInt32LE(offset) !== CENTRAL_ENTRY_SIGNATURE) {
      throw notASpreadsheet();
    }
    total += zip.readUInt32LE(offset + 24);
    offset +=
      46 + zip.readUInt16LE(offset + 28) + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32);
  }
  return total;
}

function findEndOfCentralDirectory(zip: Buffer): number {
  const lowest = Math.max(0, zip.length - EOCD_MIN_SIZE - MAX_COMMENT);
  for (let offset = zip.length - EOCD_MIN_SIZE; offset >= lowest; offset--) {
    if (zip.readUInt32LE(offset) === EOCD_SIGNATURE) return offset;
  }
  throw notASpreadsheet();
}

function notASpreadsheet(): ValidationError {
  return new ValidationError('The file is not a valid .xlsx spreadsheet');
}
