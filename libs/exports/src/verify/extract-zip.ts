import { closeSync, createReadStream, openSync, writeSync } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { crc32 } from 'node:zlib';
import { UnzipInflate } from 'fflate';
import { BundleFault } from './verification';

interface ZipEntry {
  name: string;
  compression: number;
  crc32: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;
/** Far more than a bundle's few dozen entries need; a larger directory is not a bundle's. */
const MAX_CENTRAL_DIRECTORY_BYTES = 16 * 1024 * 1024;

/** A bundle's files sit at the zip's root: a name that could point elsewhere is refused. */
const unsafeName = (name: string): boolean => name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name);

/**
 * Extracts a bundle's zip into `intoDir`, streaming: each entry's compressed bytes are read in
 * chunks and inflated straight to its file, so neither the zip nor a file is ever held in memory.
 *
 * Entries are found through the central directory, not by scanning the zip from the start as
 * fflate's `Unzip` does: in a zip written as a stream (data descriptors, as `zipFolder` writes
 * them) that scan ends an entry at the first bytes of its compressed data that look like a header
 * signature, which happens by chance about once per 1.4 GB of compressed data and is certain in a
 * PDF's stored streams that contain one, failing a bundle that is intact.
 *
 * Refuses, before writing anything, an entry whose name holds a path separator or is `..`
 * (zip-slip) and a name that appears twice; an entry whose content does not match the CRC-32 and
 * size in the directory is damaged. Whether what was extracted is the signed bundle is for its
 * verification to decide.
 */
export async function extractZip(zipPath: string, intoDir: string): Promise<void> {
  const zip = await open(zipPath, 'r');
  try {
    let entries: ZipEntry[];
    try {
      entries = await centralDirectory(zip, (await stat(zipPath)).size);
    } catch (error) {
      throw new BundleFault(basename(zipPath), `not a readable zip: ${(error as Error).message}`);
    }
    const names = new Set<string>();
    for (const { name } of entries) {
      if (unsafeName(name)) {
        throw new BundleFault(name, 'refused: a bundle zip holds files at its root only (no paths, no "..")');
      }
      if (names.has(name)) throw new BundleFault(name, 'appears twice in the zip');
      names.add(name);
    }
    for (const entry of entries) {
      try {
        await extractEntry(zip, zipPath, entry, join(intoDir, entry.name));
      } catch (error) {
        throw new BundleFault(entry.name, `cannot be extracted from the zip: ${(error as Error).message}`);
      }
    }
  } finally {
    await zip.close();
  }
}

async function readAt(zip: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await zip.read(buffer, 0, length, position);
  if (bytesRead < length) throw new Error('the zip ends too early');
  return buffer;
}

/** The entries listed by the central directory, found through the record that ends the zip. */
async function centralDirectory(zip: FileHandle, size: number): Promise<ZipEntry[]> {
  const tail = await readAt(zip, Math.max(0, size - 22 - 0xffff), Math.min(size, 22 + 0xffff));
  let end = tail.length - 22;
  while (
    end >= 0 &&
    !(tail.readUInt32LE(end) === END_OF_CENTRAL_DIRECTORY && end + 22 + tail.readUInt16LE(end + 20) === tail.length)
  ) {
    end -= 1;
  }
  if (end < 0) throw new Error('no end of central directory record (not a zip, or cut short)');
  const count = tail.readUInt16LE(end + 10);
  const length = tail.readUInt32LE(end + 12);
  const offset = tail.readUInt32LE(end + 16);
  if (count === 0xffff || length === 0xffffffff || offset === 0xffffffff) {
    throw new Error('ZIP64 is not supported: extract the zip and verify the folder');
  }
  if (length > MAX_CENTRAL_DIRECTORY_BYTES) throw new Error(`a central directory of ${length} bytes`);
  const directory = await readAt(zip, offset, length);
  const entries: ZipEntry[] = [];
  for (let at = 0; entries.length < count;) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== CENTRAL_HEADER) {
      throw new Error('damaged central directory');
    }
    const nameLength = directory.readUInt16LE(at + 28);
    const entry: ZipEntry = {
      name: directory.toString(
        directory.readUInt16LE(at + 8) & 0x800 ? 'utf8' : 'latin1',
        at + 46,
        at + 46 + nameLength,
      ),
      compression: directory.readUInt16LE(at + 10),
      crc32: directory.readUInt32LE(at + 16),
      compressedSize: directory.readUInt32LE(at + 20),
      size: directory.readUInt32LE(at + 24),
      localHeaderOffset: directory.readUInt32LE(at + 42),
    };
    if ([entry.compressedSize, entry.size, entry.localHeaderOffset].includes(0xffffffff)) {
      throw new Error('ZIP64 is not supported: extract the zip and verify the folder');
    }
    entries.push(entry);
    at += 46 + nameLength + directory.readUInt16LE(at + 30) + directory.readUInt16LE(at + 32);
  }
  return entries;
}

/** Streams one entry's compressed bytes through its decoder into `path`, checking CRC-32 and size. */
async function extractEntry(zip: FileHandle, zipPath: string, entry: ZipEntry, path: string): Promise<void> {
  const local = await readAt(zip, entry.localHeaderOffset, 30);
  if (local.readUInt32LE(0) !== LOCAL_HEADER) throw new Error('no local header where the central directory points');
  const start = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  const fd = openSync(path, 'wx');
  try {
    let crc = 0;
    let size = 0;
    const write = (data: Uint8Array) => {
      // Not only pointless: after writeSync of an empty array, Node 20's crc32 of it answers 0.
      if (data.length === 0) return;
      writeSync(fd, data);
      crc = crc32(data, crc);
      size += data.length;
    };
    let push: (chunk: Uint8Array, final: boolean) => void;
    if (entry.compression === DEFLATED) {
      const inflate = new UnzipInflate();
      inflate.ondata = (error, data) => {
        if (error) throw error;
        write(data);
      };
      push = (chunk, final) => inflate.push(chunk, final);
    } else if (entry.compression === STORED) {
      push = write;
    } else {
      throw new Error(`compression method ${entry.compression} is not supported (only stored and deflated)`);
    }
    if (entry.compressedSize > 0) {
      const end = start + entry.compressedSize - 1;
      for await (const chunk of createReadStream(zipPath, { start, end })) push(chunk as Buffer, false);
    }
    push(new Uint8Array(0), true);
    if (crc !== entry.crc32 || size !== entry.size) {
      throw new Error('damaged: its content does not match the CRC-32 and size the zip gives it');
    }
  } finally {
    closeSync(fd);
  }
}
