/**
 * Bench only, never deployed: the site's built entry (dist/server/entry.mjs), loaded on the first
 * request instead of at startup. The benchmark copies this file beside the build in its temp
 * snapshot and measures, in a fresh isolate: a trivial request (the baseline), `GET /__bench/load`
 * (the dynamic import: parsing, compiling and evaluating entry.mjs and everything it imports
 * statically, which is what a fresh isolate does at startup), then validations, each on its own.
 * Everything else is handed to the built entry unchanged; the daily counter's class delegates to
 * the built one.
 */
import { DurableObject } from 'cloudflare:workers';

let loaded;
const load = () => (loaded ??= import('./entry.mjs'));

export class DailyCap extends DurableObject {
  async count(limit) {
    const { DailyCap: Built } = await load();
    return Built.prototype.count.call(this, limit);
  }

  async alarm() {
    const { DailyCap: Built } = await load();
    return Built.prototype.alarm.call(this);
  }
}

export default {
  async fetch(request, env, ctx) {
    const { pathname } = new URL(request.url);
    if (pathname === '/__bench/noop') return new Response('noop');
    if (pathname === '/__bench/load') {
      await load();
      return new Response('loaded');
    }
    return (await load()).default.fetch(request, env, ctx);
  },
};
