/**
 * Everything past the bare key field, in one chunk the island loads on first intent (focus,
 * pointer, typing, opening the options): key detection and the provider choices, options and
 * cost, the run and its results. (The demo keys list is a chunk of its own, loaded only by demo
 * builds; each provider's facts and every provider's key shapes are chunks of their own too.)
 */
export { assessKey, testedProvider } from './logic/key';
export { default as KeyNotes } from './KeyNotes';
export { default as Candidates } from './Candidates';
export { default as Options, Cost, optionsProblem } from './Options';
export { comparedList, deploymentProblem } from './logic/request';
export { default as Consent } from './Consent';
export { createSession } from './Session';
export { default as HumanCheck } from './HumanCheck';
