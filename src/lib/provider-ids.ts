/**
 * Every provider Keyprobe knows, as a closed set: the request schema, the adapters map and the
 * island's data are typed by it, and the build fails when src/content/providers/ holds a file
 * that is not listed here or misses one that is (src/integrations/content-modules.ts).
 */
export const PROVIDER_IDS = [
  'anthropic',
  'azure-openai',
  'cerebras',
  'cohere',
  'deepseek',
  'fireworks',
  'gemini',
  'groq',
  'huggingface',
  'mistral',
  'openai',
  'openrouter',
  'perplexity',
  'replicate',
  'together',
  'xai',
] as const;

export type ProviderId = (typeof PROVIDER_IDS)[number];

export const isProviderId = (value: string): value is ProviderId => (PROVIDER_IDS as readonly string[]).includes(value);
