// A short model list in the shape of OpenRouter's public GET /api/v1/models (openapi
// `components.schemas.Model`; OpenRouter's list as recorded on 2026-08-17 had 414 cards of this shape).
// The cards are written for the fake: ids, prices (USD per token, as strings), context lengths,
// modalities, parameters and expiry dates follow that list; descriptions are our own words.

interface Card {
  id: string;
  slug?: string;
  name: string;
  context: number;
  maxOut: number | null;
  input: string[];
  output: string[];
  prompt: string;
  completion: string;
  params: string[];
  reasoning?: { mandatory: boolean; default_enabled?: boolean };
  expires?: string;
  hf?: string;
  moderated?: boolean;
  /** The upstream company that serves it in the fake's answers (a chunk's `provider`). */
  provider: string;
}

const PLAIN = ['frequency_penalty', 'logit_bias', 'logprobs', 'max_tokens', 'min_p', 'presence_penalty', 'repetition_penalty', 'response_format', 'seed', 'stop', 'structured_outputs', 'temperature', 'tool_choice', 'tools', 'top_k', 'top_logprobs', 'top_p'];
const REASONING = ['include_reasoning', 'max_tokens', 'reasoning', 'reasoning_effort', 'response_format', 'seed', 'stop', 'structured_outputs', 'temperature', 'tool_choice', 'tools', 'top_p'];

const CARDS: Card[] = [
  { id: 'mistralai/mistral-nemo', name: 'Mistral: Mistral Nemo', context: 131072, maxOut: 16384, input: ['text'], output: ['text'], prompt: '0.000000019', completion: '0.00000003', params: PLAIN, hf: 'mistralai/Mistral-Nemo-Instruct-2407', provider: 'Mistral' },
  { id: 'meta-llama/llama-3.1-8b-instruct', name: 'Meta: Llama 3.1 8B Instruct', context: 131072, maxOut: 131072, input: ['text'], output: ['text'], prompt: '0.00000005', completion: '0.00000008', params: PLAIN, hf: 'meta-llama/Meta-Llama-3.1-8B-Instruct', provider: 'DeepInfra' },
  { id: 'openai/gpt-5-nano', slug: 'openai/gpt-5-nano-2025-08-07', name: 'OpenAI: GPT-5 Nano', context: 400000, maxOut: 128000, input: ['text', 'image', 'file'], output: ['text'], prompt: '0.00000005', completion: '0.0000004', params: REASONING, reasoning: { mandatory: true }, moderated: true, provider: 'OpenAI' },
  { id: 'openai/gpt-oss-20b:free', slug: 'openai/gpt-oss-20b', name: 'OpenAI: gpt-oss-20b (free)', context: 131072, maxOut: 131072, input: ['text'], output: ['text'], prompt: '0', completion: '0', params: REASONING, reasoning: { mandatory: true }, hf: 'openai/gpt-oss-20b', provider: 'OpenInference' },
  { id: 'deepseek/deepseek-v4-flash', slug: 'deepseek/deepseek-v4-flash-20260424', name: 'DeepSeek: DeepSeek V4 Flash', context: 1048576, maxOut: 393216, input: ['text'], output: ['text'], prompt: '0.0000000798', completion: '0.0000001596', params: REASONING, reasoning: { mandatory: false }, provider: 'DeepSeek' },
  { id: 'google/gemini-3.7-flash', slug: 'google/gemini-3.7-flash-20260715', name: 'Google: Gemini 3.7 Flash', context: 1048576, maxOut: 65536, input: ['text', 'image', 'file', 'audio', 'video'], output: ['text'], prompt: '0.000000375', completion: '0.000001875', params: REASONING, reasoning: { mandatory: true, default_enabled: true }, provider: 'Google' },
  { id: 'google/gemini-2.5-flash-image', name: 'Google: Gemini 2.5 Flash Image', context: 32768, maxOut: 32768, input: ['image', 'text'], output: ['image', 'text'], prompt: '0.0000003', completion: '0.0000025', params: ['max_tokens', 'response_format', 'seed', 'structured_outputs', 'temperature', 'top_p'], provider: 'Google' },
  { id: 'anthropic/claude-sonnet-5', slug: 'anthropic/claude-sonnet-5-20260630', name: 'Anthropic: Claude Sonnet 5', context: 1000000, maxOut: 128000, input: ['text', 'image', 'file'], output: ['text'], prompt: '0.000002', completion: '0.00001', params: ['include_reasoning', 'max_completion_tokens', 'max_tokens', 'reasoning', 'reasoning_effort', 'response_format', 'stop', 'structured_outputs', 'tool_choice', 'tools', 'verbosity'], reasoning: { mandatory: false, default_enabled: true }, moderated: true, provider: 'Anthropic' },
  { id: 'z-ai/glm-4.5', name: 'Z.ai: GLM 4.5', context: 131072, maxOut: 98304, input: ['text'], output: ['text'], prompt: '0.0000006', completion: '0.0000022', params: REASONING, reasoning: { mandatory: false }, expires: '2026-12-31', hf: 'zai-org/GLM-4.5', provider: 'Z.AI' },
  { id: 'openai/gpt-audio-mini', name: 'OpenAI: GPT Audio Mini', context: 128000, maxOut: 16384, input: ['text', 'audio'], output: ['text', 'audio'], prompt: '0.0000006', completion: '0.0000024', params: ['max_tokens', 'response_format', 'seed', 'stop', 'temperature', 'tool_choice', 'tools', 'top_p'], provider: 'OpenAI' },
];

const CREATED = 1_786_000_000;

function card(c: Card, i: number) {
  const slug = c.slug ?? c.id.replace(/:free$/, '');
  return {
    id: c.id,
    canonical_slug: slug,
    hugging_face_id: c.hf ?? null,
    name: c.name,
    created: CREATED - i * 86_400,
    description: `${c.name}, as the fake lists it.`,
    context_length: c.context,
    architecture: {
      modality: `${c.input.join('+')}->${c.output.join('+')}`,
      input_modalities: c.input,
      output_modalities: c.output,
      tokenizer: 'Other',
      instruct_type: null,
    },
    pricing: { prompt: c.prompt, completion: c.completion },
    top_provider: { context_length: c.context, max_completion_tokens: c.maxOut, is_moderated: c.moderated ?? false },
    per_request_limits: null,
    supported_parameters: c.params,
    default_parameters: {},
    supported_voices: null,
    knowledge_cutoff: null,
    expiration_date: c.expires ?? null,
    links: { details: `/api/v1/models/${slug}/endpoints` },
    ...(c.reasoning ? { reasoning: c.reasoning } : {}),
  };
}

export const MODEL_LIST = { data: CARDS.map(card), total_count: CARDS.length };

/** What a completion of a listed model needs from the fake: its upstream, versioned id, prices and output cap. */
export function modelFacts(id: string): { provider: string; model: string; prompt: number; completion: number; maxOut: number } | null {
  const c = CARDS.find((m) => m.id === id);
  if (!c) return null;
  return { provider: c.provider, model: c.slug ?? c.id, prompt: Number(c.prompt), completion: Number(c.completion), maxOut: c.maxOut ?? c.context };
}
