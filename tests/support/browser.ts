/**
 * Debian's Chromium driven by playwright-core, with a fresh profile and no way to reach anything
 * but loopback (Chromium otherwise looks up Google hosts on start).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { registerProfile, tracing } from './traces.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags for headless Chromium on a closed network: no background traffic, no first-run UI. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Chromium still looks up Google hosts at start; only loopback resolves.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
];

export interface Browser {
  context: BrowserContext;
  /** The profile directory (user data dir) this browser writes to. */
  profile: string;
  close(): Promise<void>;
}

export interface LaunchOptions {
  colorScheme?: 'light' | 'dark';
  width?: number;
  height?: number;
  /**
   * Keep Chromium's back/forward cache on. playwright-core turns it off by default
   * (--disable-back-forward-cache), so going back always reloads the page; a test of what a page
   * keeps when it is left needs the cache as browsers ship it.
   */
  backForwardCache?: boolean;
  /** Off for a test of what a page offers without JavaScript. */
  javaScriptEnabled?: boolean;
  /**
   * Hosts answered by loopback servers (`api.mistral.ai` → `127.0.0.1:9443`), with their self-signed
   * certificates accepted: the page calls the real provider origins, as shipped, and reaches fakes.
   */
  hostMap?: Record<string, string>;
}

/** The flags with `hostMap`'s rules ahead of the rule that resolves nothing else. */
function withHostMap(hostMap: Record<string, string>): string[] {
  const rules = Object.entries(hostMap).map(([host, to]) => `MAP ${host} ${to}`);
  return CHROMIUM_FLAGS.map((flag) => (flag.startsWith('--host-resolver-rules=') ? `--host-resolver-rules=${[...rules, flag.slice('--host-resolver-rules='.length)].join(', ')}` : flag));
}

export async function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'keyprobe-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    colorScheme: options.colorScheme ?? 'light',
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    args: options.hostMap ? withHostMap(options.hostMap) : CHROMIUM_FLAGS,
    ignoreHTTPSErrors: options.hostMap !== undefined,
    ignoreDefaultArgs: options.backForwardCache ? ['--disable-back-forward-cache'] : undefined,
  });
  return {
    context,
    profile,
    close: async () => {
      await context.close();
      // In the e2e run the profile stays until the final file has searched it for every canary.
      if (tracing()) registerProfile(profile);
      else rmSync(profile, { recursive: true, force: true });
    },
  };
}
