/** The on-disk search of browser profiles finds a secret however Chromium wrote it. */
import { mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { searchProfile } from '../support/profile-search.ts';

const SECRET = 'Qw3rTy7uI0pAsDfGh1jKlZxCvBnM4q8W';
const OTHER = 'zzzzYYYYxxxxWWWW1111222233334444';
let dir: string;

function profileWith(files: Record<string, Buffer>): string {
  dir = mkdtempSync(join(tmpdir(), 'keyprobe-search-'));
  for (const [name, data] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), data);
  }
  return dir;
}
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const binary = (...parts: (Buffer | string)[]) => Buffer.concat([Buffer.from([0, 1, 2, 0xff]), ...parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : p)), Buffer.from([0xfe, 0])]);

describe('searching a profile directory', () => {
  it('finds a secret in ASCII and in UTF-16LE at either byte alignment, in nested files', () => {
    const found = searchProfile(
      profileWith({
        'Default/History': binary('https://x/?q=', SECRET, '&'),
        'Default/Session Storage/000003.log': binary(Buffer.from(SECRET, 'utf16le')),
        'Default/IndexedDB/x.leveldb/000003.log': binary(Buffer.from([7]), Buffer.from(SECRET, 'utf16le')),
      }),
      [SECRET, OTHER],
    );
    expect(found.hits.map((h) => `${h.file} ${h.encoding} ${h.what}`).sort()).toEqual([
      'Default/History ascii whole',
      'Default/IndexedDB/x.leveldb/000003.log utf16le whole',
      'Default/Session Storage/000003.log utf16le whole',
    ]);
    expect(found.files).toBe(3);
  });

  it('finds a 12-character piece of a secret, and nothing shorter', () => {
    const found = searchProfile(profileWith({ a: binary('..', SECRET.slice(5, 17), '..'), b: binary('..', SECRET.slice(5, 16), '..') }), [SECRET]);
    expect(found.hits).toEqual([{ secret: SECRET, file: 'a', encoding: 'ascii', what: 'piece 5–17' }]);
  });

  it('reads no symlinks (Chromium keeps lock symlinks in the profile)', () => {
    const root = profileWith({ real: binary('nothing') });
    symlinkSync('/nonexistent-target', join(root, 'SingletonLock'));
    expect(searchProfile(root, [SECRET]).files).toBe(1);
  });
});
