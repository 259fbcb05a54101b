// A subunit v2 packet encoder, byte-compatible with python-subunit's StreamResultToBytes (subunit/v2.py):
//   0xB3 | flags u16 BE | length (varint, counts the whole packet incl. CRC) | [timestamp: u32 BE seconds +
//   varint nanoseconds] | [test id] | [tags: varint count + strings] | [mime type] | [file: name, varint length,
//   bytes] | [route code] | CRC32 (u32 BE) over everything before it. Strings are varint length + UTF-8.
// Flags: version 0x2 in the high nibble (0x2000), then field-present bits, and the status in the low 3 bits.
// Varints: 1 byte < 2^6, 2 bytes < 2^14 (prefix 0x40), 3 bytes < 2^22 (0x80), 4 bytes < 2^30 (0xC0).
import { crc32 } from "node:zlib";

export const SIGNATURE = 0xb3;
export const FLAG_VERSION_2 = 0x2000;
export const FLAG_TEST_ID = 0x0800;
export const FLAG_ROUTE_CODE = 0x0400;
export const FLAG_TIMESTAMP = 0x0200;
export const FLAG_RUNNABLE = 0x0100;
export const FLAG_TAGS = 0x0080;
export const FLAG_FILE_CONTENT = 0x0040;
export const FLAG_MIME_TYPE = 0x0020;
export const FLAG_EOF = 0x0010;

export const STATUS = {
  none: 0x0,
  exists: 0x1,
  inprogress: 0x2,
  success: 0x3,
  uxsuccess: 0x4,
  skip: 0x5,
  fail: 0x6,
  xfail: 0x7,
} as const;
export type SubunitStatus = keyof typeof STATUS;

/** The largest packet python-subunit writes (3-byte length); bigger file content must be chunked. */
export const MAX_PACKET_LENGTH = 4194303;

export interface SubunitPacket {
  testId?: string;
  status?: SubunitStatus;
  tags?: readonly string[];
  runnable?: boolean; // default true, as in python-subunit
  fileName?: string;
  fileBytes?: Uint8Array;
  eof?: boolean;
  mimeType?: string;
  routeCode?: string;
  timestamp?: Date;
}

export function encodeNumber(value: number): Buffer {
  if (!Number.isInteger(value) || value < 0)
    throw new RangeError(`subunit varint: expected a non-negative integer, got ${value}`);
  if (value < 0x40) return Buffer.from([value]);
  if (value < 0x4000) return Buffer.from([0x40 | (value >> 8), value & 0xff]);
  if (value < 0x400000) return Buffer.from([0x80 | (value >> 16), (value >> 8) & 0xff, value & 0xff]);
  if (value < 0x40000000) {
    const b = Buffer.alloc(4);
    b.writeUInt32BE((0xc0000000 | value) >>> 0);
    return b;
  }
  throw new RangeError(`subunit varint: ${value} is too large (max ${0x40000000 - 1})`);
}

function utf8(text: string): Buffer[] {
  const bytes = Buffer.from(text, "utf8");
  return [encodeNumber(bytes.length), bytes];
}

/** Encodes one packet; throws a RangeError if it would exceed MAX_PACKET_LENGTH (use fileChunks for big files). */
export function encodePacket(p: SubunitPacket): Buffer {
  let flags = FLAG_VERSION_2;
  const body: Buffer[] = [];
  if (p.timestamp) {
    flags |= FLAG_TIMESTAMP;
    const ms = p.timestamp.getTime();
    const seconds = Math.floor(ms / 1000);
    const head = Buffer.alloc(4);
    head.writeUInt32BE(seconds >>> 0);
    body.push(head, encodeNumber((ms - seconds * 1000) * 1_000_000));
  }
  if (p.testId !== undefined) {
    flags |= FLAG_TEST_ID;
    body.push(...utf8(p.testId));
  }
  if (p.tags && p.tags.length > 0) {
    flags |= FLAG_TAGS;
    body.push(encodeNumber(p.tags.length));
    for (const tag of p.tags) body.push(...utf8(tag));
  }
  if (p.runnable ?? true) flags |= FLAG_RUNNABLE;
  if (p.mimeType) {
    flags |= FLAG_MIME_TYPE;
    body.push(...utf8(p.mimeType));
  }
  if (p.fileName !== undefined) {
    flags |= FLAG_FILE_CONTENT;
    const bytes = p.fileBytes ?? new Uint8Array();
    body.push(...utf8(p.fileName), encodeNumber(bytes.length), Buffer.from(bytes));
  }
  if (p.eof) flags |= FLAG_EOF;
  if (p.routeCode !== undefined) {
    flags |= FLAG_ROUTE_CODE;
    body.push(...utf8(p.routeCode));
  }
  flags |= STATUS[p.status ?? "none"];

  const bodyLength = body.reduce((n, b) => n + b.length, 0);
  const base = 1 + 2 + bodyLength + 4; // signature + flags + body + CRC
  const lengthLength = base <= 62 ? 1 : base <= 16381 ? 2 : base <= 4194300 ? 3 : 0;
  if (lengthLength === 0) {
    throw new RangeError(`subunit packet of ${base} bytes exceeds ${MAX_PACKET_LENGTH}; split the file content`);
  }
  const head = Buffer.alloc(3);
  head[0] = SIGNATURE;
  head.writeUInt16BE(flags, 1);
  const content = Buffer.concat([head, encodeNumber(base + lengthLength), ...body]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(content));
  return Buffer.concat([content, crc]);
}

/** Splits file content into packets small enough to encode; only the last carries `eof`. */
export function fileChunks(
  base: Omit<SubunitPacket, "fileBytes" | "eof">,
  bytes: Uint8Array,
  chunk = 1 << 20,
): SubunitPacket[] {
  if (bytes.length <= chunk) return [{ ...base, fileBytes: bytes, eof: true }];
  const packets: SubunitPacket[] = [];
  for (let off = 0; off < bytes.length; off += chunk) {
    const end = Math.min(off + chunk, bytes.length);
    packets.push({ ...base, fileBytes: bytes.subarray(off, end), eof: end === bytes.length });
  }
  return packets;
}
