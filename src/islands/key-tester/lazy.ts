/**
 * Everything past the bare key field, in one chunk the island loads on first intent (focus,
 * pointer, typing, opening the options): key detection, options and cost, the run and its results.
 * (The demo keys list is a chunk of its own, loaded only by demo builds.)
 */
export { assessKey } from './logic/key';
export { default as Options, Cost, optionsProblem } from './Options';
export { createSession } from './Session';
export { default as HumanCheck } from './HumanCheck';

/** Used bare (without the page's props), the island reads its provider data from its own chunk. */
export const testerData = (provider: string) => import('./tester-data').then((m) => m.testerData(provider));
