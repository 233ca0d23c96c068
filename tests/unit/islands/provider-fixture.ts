/** The tester data of a real provider (Mistral), as the page host computes it, for the island's logic tests. */
import { readdirSync } from 'node:fs';
import { testerData } from '../../../src/islands/key-tester/tester-data';

const errorCodes = readdirSync('src/content/errors/mistral').map((f) => f.replace(/\.mdx$/, ''));
export const mistral = await testerData('mistral', '2026-11-26', errorCodes);
export const global = mistral.endpoints.find((e) => e.id === 'global')!;
export const codestral = mistral.endpoints.find((e) => e.id === 'codestral')!;
