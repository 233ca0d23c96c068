/**
 * Runs after every other e2e file (tests/support/run-last.ts) and searches what the whole run left
 * behind for every canary key any file used (tests/support/traces.ts registers each one):
 * everything the Workers runtime printed, and every browser profile the run's tests used, on disk,
 * after the browser closed. Each search has a positive control, so "0 hits" is known to mean the
 * search could have found one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, inject, it } from 'vitest';
import { launchBrowser } from '../support/browser.ts';
import { assignScenario, canaryKey, leaksOf, randomMarker } from '../support/canary.ts';
import { evaluateInWorker } from '../support/inspector.ts';
import { searchProfile } from '../support/profile-search.ts';
import { E2E_SCHEDULE, RUN_LAST } from '../support/run-last.ts';
import { canaries, profiles } from '../support/traces.ts';

const THIS_FILE = relative(process.cwd(), import.meta.filename);
const used = () => canaries().map((c) => ({ file: relative(process.cwd(), c.file), key: c.key }));
const printed = () => readFileSync(inject('wranglerLog'), 'utf8');

/** Rows in a SQLite table of a closed profile (0 when the database or table does not exist). */
function rowCount(file: string, table: string): number {
  if (!existsSync(file)) return 0;
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    const exists = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?").get(table);
    return exists ? Number((db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n) : 0;
  } finally {
    db.close();
  }
}

// In this order: the disk's positive control uses a canary key too, and the runtime's output is
// searched last, for every canary of the run, this file's included.
describe('after every other e2e file', () => {
  it('this file runs last, and every file before it that made canaries registered them', () => {
    expect(RUN_LAST).toContain(THIS_FILE);
    expect(existsSync(E2E_SCHEDULE)).toBe(true);
    const schedule = JSON.parse(readFileSync(E2E_SCHEDULE, 'utf8')) as string[];
    expect(schedule.at(-1)).toBe(THIS_FILE);
    const registering = new Set(used().map((c) => c.file));
    const makers = schedule.filter((file) => file !== THIS_FILE && readFileSync(file, 'utf8').includes('canaryKey('));
    for (const file of makers) expect(registering, `${file} made canaries but registered none`).toContain(file);
    // Every file that launches a browser left at least one profile for the search below.
    const launchers = schedule.filter((file) => file !== THIS_FILE && readFileSync(file, 'utf8').includes('launchBrowser('));
    expect(profiles().length).toBeGreaterThanOrEqual(launchers.length);
  });

  describe('browser profiles on disk, after the browsers closed', () => {
    it('positive control: a key used in the tester, then markers stored in every kind of storage and visited in a URL; the markers are found where Chromium keeps them', async () => {
      const browser = await launchBrowser();
      const origin = inject('siteOrigin');
      const page = await browser.context.newPage();
      await page.goto(`${origin}/mistral/`);
      await page.locator('#tester').scrollIntoViewIfNeeded();
      await expect.poll(() => page.locator('#kt-key').isEnabled()).toBe(true);
      const key = canaryKey();
      await assignScenario([inject('fakePlatform'), inject('fakeCodestral')], key, 'validPaid');
      await page.locator('#kt-key').fill(key);
      await page.getByRole('button', { name: 'Test key' }).click();
      await expect.poll(() => page.locator('#kt-verdict-title').textContent(), { timeout: 20_000 }).toContain('Your key works');

      const markers = { url: randomMarker(), local: randomMarker(), session: randomMarker(), indexedDB: randomMarker(), cache: randomMarker() };
      await page.goto(`${origin}/?marker=${markers.url}`);
      await page.evaluate(async (m) => {
        localStorage.setItem('marker', m.local);
        sessionStorage.setItem('marker', m.session);
        await (await caches.open('marker')).put('/marker', new Response(m.cache));
        await new Promise((resolve, reject) => {
          const open = indexedDB.open('marker', 1);
          open.onupgradeneeded = () => open.result.createObjectStore('s');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction('s', 'readwrite');
            tx.objectStore('s').put(m.indexedDB, 'marker');
            tx.oncomplete = () => {
              open.result.close();
              resolve(null);
            };
          };
        });
      }, markers);
      await browser.close();

      const { hits } = searchProfile(browser.profile, Object.values(markers));
      const where = (marker: string) => hits.filter((h) => h.secret === marker && h.what === 'whole').map((h) => `${h.file} (${h.encoding})`);
      expect(where(markers.url).join('\n'), 'the visited URL').toMatch(/^Default\/History \(ascii\)$/m);
      expect(where(markers.local).join('\n'), 'localStorage').toMatch(/^Default\/Local Storage\/leveldb\//m);
      expect(where(markers.session).join('\n'), 'sessionStorage').toMatch(/^Default\/Session Storage\/.*\(utf16le\)$/m);
      expect(where(markers.indexedDB).join('\n'), 'IndexedDB').toMatch(/^Default\/IndexedDB\//m);
      expect(where(markers.cache).join('\n'), 'Cache Storage').toMatch(/^Default\/Service Worker\/CacheStorage\//m);
    });

    it('no canary of any file, whole or in 12-character pieces, in any file of any browser profile of the run; no saved password', () => {
      const keys = [...new Set(used().map((c) => c.key))];
      const dirs = profiles();
      expect(dirs.length).toBeGreaterThanOrEqual(1); // at least the control's above
      let files = 0;
      let bytes = 0;
      const found: string[] = [];
      for (const dir of dirs) {
        const result = searchProfile(dir, keys);
        files += result.files;
        bytes += result.bytes;
        found.push(...result.hits.map((h) => `${join(dir, h.file)}: ${h.what} of ${h.secret.slice(0, 4)}… (${h.encoding})`));
        // Saved passwords are encrypted on disk, so a byte search cannot see them: count the rows.
        for (const db of ['Login Data', 'Login Data For Account']) expect(rowCount(join(dir, 'Default', db), 'logins'), `${db} in ${dir}`).toBe(0);
      }
      console.info(`no-trace-left: ${keys.length} canaries searched for in ${dirs.length} browser profiles, ${files} files, ${(bytes / 1e6).toFixed(1)} MB`);
      expect(files).toBeGreaterThan(100);
      expect(bytes).toBeGreaterThan(1_000_000);
      expect(found, 'canary found in a browser profile on disk').toEqual([]);
    });
  });

  describe("the Workers runtime's storage", () => {
    it('the daily counter stored counts for the run, and no canary, whole or in 12-character pieces', () => {
      const keys = [...new Set(used().map((c) => c.key))];
      const result = searchProfile(inject('wranglerState'), keys);
      // The counter wrote its SQLite files: there was something to search.
      expect(result.files).toBeGreaterThan(0);
      expect(result.hits.map((h) => `${h.file}: ${h.what} (${h.encoding})`), 'canary found in the Workers storage').toEqual([]);
    });
  });

  describe('the Workers runtime output', () => {
    it('positive control: a marker printed inside the worker at every console level reaches the captured runtime output', async () => {
      const levels = ['log', 'info', 'warn', 'error', 'debug'] as const;
      const markers = levels.map((level) => ({ level, marker: randomMarker() }));
      const script = markers.map(({ level, marker }) => `console.${level}(${JSON.stringify(`probe ${level} ${marker}`)});`).join('\n');
      await evaluateInWorker(inject('inspectorPort'), `${script}\n'printed'`);
      for (const { level, marker } of markers) {
        await expect.poll(() => leaksOf(marker, printed()), { timeout: 5000, message: `console.${level} output did not reach the captured log` }).toContain('whole key');
      }
    });

    it('the Workers runtime printed none of the canaries, of any file', () => {
      const keys = used();
      expect(keys.length).toBeGreaterThan(0);
      const text = printed();
      const found = keys.flatMap(({ file, key }) => leaksOf(key, text).map((where) => `${file}: ${where} of ${key.slice(0, 4)}…`));
      expect(found, 'canary found in the Workers runtime output').toEqual([]);
    });
  });
});
