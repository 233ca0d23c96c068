/**
 * Searches a browser profile directory, byte by byte, for secrets: every file (SQLite databases
 * such as History, Login Data and Web Data with their journals, LevelDB logs and tables of local
 * and session storage and IndexedDB, caches, session files), in ASCII/UTF-8 and in UTF-16LE (in
 * which Chromium keeps some strings), for the whole secret or any 12-character piece of it.
 *
 * Secrets here are letters and digits (canary keys and markers), so each file is cut into runs of
 * letters and digits (8-bit, and 16-bit little-endian at both byte alignments) and every
 * 12-character window of a run is looked up among the secrets' pieces: one pass per file,
 * whatever the number of secrets.
 */
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const PIECE = 12;

export interface ProfileHit {
  secret: string;
  /** File path relative to the profile. */
  file: string;
  encoding: 'ascii' | 'utf16le';
  /** 'whole' or the piece's offset in the secret. */
  what: string;
}

const isAlnum = (byte: number) => (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a);

/** Maximal runs of letters and digits, at least PIECE long, read 8-bit and 16-bit little-endian. */
function runs(data: Buffer): { text: string; encoding: ProfileHit['encoding'] }[] {
  const found: { text: string; encoding: ProfileHit['encoding'] }[] = [];
  let start = -1;
  for (let i = 0; i <= data.length; i++) {
    if (i < data.length && isAlnum(data[i] as number)) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      if (i - start >= PIECE) found.push({ text: data.toString('latin1', start, i), encoding: 'ascii' });
      start = -1;
    }
  }
  for (const alignment of [0, 1]) {
    let chars: string[] = [];
    for (let i = alignment; i + 1 <= data.length; i += 2) {
      const low = data[i] as number;
      const high = i + 1 < data.length ? (data[i + 1] as number) : 1;
      if (high === 0 && isAlnum(low)) chars.push(String.fromCharCode(low));
      else {
        if (chars.length >= PIECE) found.push({ text: chars.join(''), encoding: 'utf16le' });
        chars = [];
      }
    }
    if (chars.length >= PIECE) found.push({ text: chars.join(''), encoding: 'utf16le' });
  }
  return found;
}

export function filesOf(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { recursive: true }).map(String)) {
    const stat = lstatSync(join(dir, entry));
    if (stat.isFile()) files.push(entry); // not symlinks (SingletonLock and friends point elsewhere)
  }
  return files;
}

/** Every place a secret, or a 12-character piece of one, occurs in the profile's files. */
export function searchProfile(dir: string, secrets: string[]): { hits: ProfileHit[]; files: number; bytes: number } {
  const pieces = new Map<string, { secret: string; what: string }[]>();
  for (const secret of secrets) {
    if (!/^[A-Za-z0-9]+$/.test(secret) || secret.length < PIECE) throw new Error(`not a searchable secret: ${secret.length} characters`);
    for (let i = 0; i + PIECE <= secret.length; i++) {
      const piece = secret.slice(i, i + PIECE);
      pieces.set(piece, [...(pieces.get(piece) ?? []), { secret, what: `piece ${i}–${i + PIECE}` }]);
    }
  }
  const hits: ProfileHit[] = [];
  const files = filesOf(dir);
  let bytes = 0;
  for (const file of files) {
    const data = readFileSync(join(dir, file));
    bytes += data.length;
    // One hit per secret and encoding in a file: the whole secret if it is there, else the first piece.
    const inFile = new Map<string, ProfileHit>();
    for (const { text, encoding } of runs(data)) {
      for (let i = 0; i + PIECE <= text.length; i++) {
        for (const match of pieces.get(text.slice(i, i + PIECE)) ?? []) {
          const id = `${match.secret} ${encoding}`;
          if (!inFile.has(id)) inFile.set(id, { secret: match.secret, file, encoding, what: match.what });
          if (text.includes(match.secret)) inFile.set(id, { secret: match.secret, file, encoding, what: 'whole' });
        }
      }
    }
    hits.push(...inFile.values());
  }
  return { hits, files: files.length, bytes };
}
