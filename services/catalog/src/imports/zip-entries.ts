import { PayloadTooLargeError, ValidationError } from '@shop/platform';

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const CENTRAL_ENTRY_SIGNATURE = 0x02014b50;
const LOCAL_HEADER_SIGNATURE = 0x04034b50;
const EOCD_MIN_SIZE = 22;
const MAX_COMMENT = 0xffff;
const ZIP64_MARKER_32 = 0xffffffff;
const ZIP64_MARKER_16 = 0xffff;
const ENCRYPTED_FLAGS = 0x0041; // traditional (bit 0) or strong (bit 6) encryption
const STORED = 0;
const DEFLATED = 8;

/** Entries a .xlsx may hold: a workbook has a few dozen parts; more is a decompression attack or not a sheet. */
export const MAX_ZIP_ENTRIES = 1000;

/** Where one entry's bytes lie in the archive, and how they are compressed. */
export interface ZipEntry {
  name: string;
  method: typeof STORED | typeof DEFLATED;
  dataOffset: number;
  compressedSize: number;
}

/**
 * The entries of a buffered ZIP, read from its central directory and local headers without inflating
 * anything. Refused: not a ZIP, ZIP64, encryption, methods other than stored and deflate, data outside
 * the file (400); more than MAX_ZIP_ENTRIES entries, or declared sizes adding up past `maxInflatedBytes`
 * (413). The declared sizes are only a first check: the inflation itself is capped (xlsx-worker.mjs).
 */
export function zipEntries(zip: Buffer, maxInflatedBytes: number): ZipEntry[] {
  const eocd = findEndOfCentralDirectory(zip);
  const count = zip.readUInt16LE(eocd + 10);
  const directoryOffset = zip.readUInt32LE(eocd + 16);
  const isZip64 =
    (eocd >= 20 && zip.readUInt32LE(eocd - 20) === ZIP64_LOCATOR_SIGNATURE) ||
    count === ZIP64_MARKER_16 ||
    directoryOffset === ZIP64_MARKER_32;
  if (isZip64) throw refused('ZIP64 archives are not accepted');
  if (count > MAX_ZIP_ENTRIES) {
    throw new PayloadTooLargeError(`The spreadsheet holds more than ${MAX_ZIP_ENTRIES} parts`);
  }
  const entries: ZipEntry[] = [];
  let declaredTotal = 0;
  let offset = directoryOffset;
  for (let index = 0; index < count; index++) {
    if (offset + 46 > zip.length || zip.readUInt32LE(offset) !== CENTRAL_ENTRY_SIGNATURE)
      throw notASpreadsheet();
    const flags = zip.readUInt16LE(offset + 8);
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const declaredSize = zip.readUInt32LE(offset + 24);
    const nameLength = zip.readUInt16LE(offset + 28);
    const localOffset = zip.readUInt32LE(offset + 42);
    if ([compressedSize, declaredSize, localOffset].includes(ZIP64_MARKER_32)) {
      throw refused('ZIP64 archives are not accepted');
    }
    if (flags & ENCRYPTED_FLAGS) throw refused('Encrypted spreadsheets are not accepted');
    if (method !== STORED && method !== DEFLATED)
      throw refused(`ZIP compression method ${method} is not accepted`);
    declaredTotal += declaredSize;
    if (declaredTotal > maxInflatedBytes) {
      throw new PayloadTooLargeError(`The spreadsheet inflates to more than ${maxInflatedBytes} bytes`);
    }
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    entries.push({
      name,
      method,
      compressedSize,
      dataOffset: localDataOffset(zip, localOffset, compressedSize),
    });
    offset += 46 + nameLength + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32);
  }
  return entries;
}

/** Where an entry's data starts: after its local header, which must be there and hold the data in the file. */
function localDataOffset(zip: Buffer, localOffset: number, compressedSize: number): number {
  if (localOffset + 30 > zip.length || zip.readUInt32LE(localOffset) !== LOCAL_HEADER_SIGNATURE) {
    throw notASpreadsheet();
  }
  const dataOffset =
    localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
  if (dataOffset + compressedSize > zip.length) throw notASpreadsheet();
  return dataOffset;
}

function findEndOfCentralDirectory(zip: Buffer): number {
  const lowest = Math.max(0, zip.length - EOCD_MIN_SIZE - MAX_COMMENT);
  for (let offset = zip.length - EOCD_MIN_SIZE; offset >= lowest; offset--) {
    if (zip.readUInt32LE(offset) === EOCD_SIGNATURE) return offset;
  }
  throw notASpreadsheet();
}

function refused(reason: string): ValidationError {
  return new ValidationError(`The file is not an accepted .xlsx spreadsheet: ${reason}`);
}

function notASpreadsheet(): ValidationError {
  return new ValidationError('The file is not a valid .xlsx spreadsheet');
}
