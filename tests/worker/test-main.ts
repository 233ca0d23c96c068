/**
 * The Worker the in-workerd tests run in. It exports the endpoint's Durable Object class (the daily
 * cap) the way src/server/worker.ts does, so the tests reach a real object over RPC.
 */
export { DailyCap } from '../../src/server/daily-cap';

export default {
  fetch: () => new Response('Keyprobe test worker'),
};
