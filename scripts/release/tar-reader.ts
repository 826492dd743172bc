/**
 * Reads the entries of a POSIX (ustar + pax) tar as `git archive` writes it: 512-byte headers,
 * pax extended headers ('x') for long paths, a pax global header ('g') carrying the commit id.
 * Enough to check an escrow archive file by file without extracting it.
 */
export type TarEntry = { path: string; type: 'file' | 'directory' | 'symlink'; mode: number; bytes: Buffer; linkTarget?: string };

const BLOCK = 512;

export function readTar(archive: Buffer): { entries: TarEntry[]; globalPax: Record<string, string> } {
  const entries: TarEntry[] = [];
  let globalPax: Record<string, string> = {};
  let pendingPax: Record<string, string> = {};
  let offset = 0;
  while (offset + BLOCK <= archive.length) {
    const header = archive.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) break;
    if (!checksumOk(header)) throw new Error(`tar: bad header checksum at byte ${offset}`);
    const size = octal(header.subarray(124, 136));
    const type = String.fromCharCode(header[156] ?? 0);
    const dataStart = offset + BLOCK;
    if (dataStart + size > archive.length) throw new Error(`tar: entry at byte ${offset} runs past the end`);
    const data = archive.subarray(dataStart, dataStart + size);
    offset = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'g') {
      globalPax = { ...globalPax, ...parsePax(data) };
      continue;
    }
    if (type === 'x') {
      pendingPax = parsePax(data);
      continue;
    }
    const prefix = text(header.subarray(345, 500));
    const name = text(header.subarray(0, 100));
    const path = pendingPax['path'] ?? (prefix ? `${prefix}/${name}` : name);
    const linkTarget = pendingPax['linkpath'] ?? text(header.subarray(157, 257));
    pendingPax = {};
    const mode = octal(header.subarray(100, 108));
    if (type === '0' || type === '\0') entries.push({ path, type: 'file', mode, bytes: Buffer.from(data) });
    else if (type === '5') entries.push({ path, type: 'directory', mode, bytes: Buffer.alloc(0) });
    else if (type === '2') entries.push({ path, type: 'symlink', mode, bytes: Buffer.from(linkTarget, 'utf8'), linkTarget });
    else throw new Error(`tar: unsupported entry type '${type}' for ${path}`);
  }
  return { entries, globalPax };
}

function text(field: Buffer): string {
  const end = field.indexOf(0);
  return field.subarray(0, end < 0 ? field.length : end).toString('utf8');
}

function octal(field: Buffer): number {
  const value = text(field).trim();
  return value === '' ? 0 : parseInt(value, 8);
}

function checksumOk(header: Buffer): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : (header[i] ?? 0);
  return sum === octal(header.subarray(148, 156));
}

/** pax records: "<length> <key>=<value>\n". */
function parsePax(data: Buffer): Record<string, string> {
  const records: Record<string, string> = {};
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    if (space < 0) break;
    const length = parseInt(data.subarray(at, space).toString('ascii'), 10);
    if (!Number.isInteger(length) || length <= 0) throw new Error('tar: malformed pax record');
    const record = data.subarray(space + 1, at + length - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) records[record.slice(0, eq)] = record.slice(eq + 1);
    at += length;
  }
  return records;
}
