/**
 * The adapter of each provider with a tester. Adding a provider: its data file, its adapter here
 * (usually `createOpenAICompatible(...)` with a few overrides), a fake, its content, `"tester": true`.
 * The build fails when a provider is marked testable without an adapter, or an outcome it can
 * produce has no error page (src/lib/content-invariants.ts).
 */
import type { ProviderId } from '../../lib/provider-ids';
import type { ProviderAdapter } from '../adapter';
import { anthropic } from './anthropic';
import { azureOpenai } from './azure-openai';
import { cohere } from './cohere';
import { cerebras } from './cerebras';
import { deepseek } from './deepseek';
import { fireworks } from './fireworks';
import { gemini } from './gemini';
import { groq } from './groq';
import { huggingface } from './huggingface';
import { mistral } from './mistral';
import { openai } from './openai';
import { openrouter } from './openrouter';
import { perplexity } from './perplexity';
import { replicate } from './replicate';
import { together } from './together';
import { xai } from './xai';

export const adapters: Record<ProviderId, ProviderAdapter> = {
  anthropic,
  'azure-openai': azureOpenai,
  cohere,
  deepseek,
  gemini,
  groq,
  mistral,
  openai,
  openrouter,
  replicate,
  xai,
  together,
  fireworks,
  cerebras,
  huggingface,
  perplexity,
};

/** What each tester can answer, for the build's check that every outcome has an error page. */
export const testerOutcomes: Record<string, { verdicts: readonly string[]; reasons: readonly string[] }> = Object.fromEntries(
  Object.entries(adapters).map(([id, adapter]) => [id, { verdicts: adapter.verdicts, reasons: adapter.reasons }]),
);
