// A fake of Perplexity's API host (api.perplexity.ai): the Agent API (`POST /v1/agent`, and its alias
// `/v1/responses` that OpenAI's SDK calls), `GET /v1/models`, and the retired `POST /chat/completions`.
// Every scenario's source is in tests/fixtures/perplexity/SOURCES.md; what no capture shows is
// marked "synthetic" here and there.
import type { IncomingMessage } from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { bearerKey, GENERIC_FAULTS, startFake, type FakeCall, type FakeModule, type FakeServer, type GenericFault } from './framework.ts';
import { PERPLEXITY_SCENARIOS, perplexityKeyFor, type PerplexityScenario } from './perplexity-keys.ts';

export { PERPLEXITY_DESCRIPTIONS, PERPLEXITY_SCENARIOS, perplexityKeyFor, type PerplexityScenario } from './perplexity-keys.ts';

type Call = FakeCall<PerplexityScenario>;

const fixture = (name: string) => readFileSync(new URL(`../fixtures/perplexity/${name}`, import.meta.url), 'utf8');
let models: { data: { id: string; pricing: { input: number; output: number } }[] } | undefined;
// Recorded: GET /v1/models with a key, 2026-10-09 (52 models with their prices).
const MODELS = () => (models ??= JSON.parse(fixture('models_2026-10-09_recorded.json')) as { data: { id: string; pricing: { input: number; output: number } }[] });

/** Headers of an Agent API answer (recorded, agent_response_headers.json); cf-ray's value is made up. */
function infra(): Record<string, string> {
  return {
    server: 'cloudflare',
    'access-control-allow-origin': '*',
    'strict-transport-security': 'max-age=15552000; includeSubDomains; preload',
    'cf-cache-status': 'DYNAMIC',
    'cf-ray': `${randomBytes(8).toString('hex')}-CDG`,
    'alt-svc': 'h3=":443"; ma=86400',
  };
}

const LIMIT = 50;

interface State {
  /** Requests per key in the current second (the recorded reset fell one second after the answer). */
  second: Map<string, { at: number; used: number }>;
}

function limits(state: State, key: string, spent = false): Record<string, string> {
  const now = Math.floor(Date.now() / 1000);
  let window = state.second.get(key);
  if (!window || window.at !== now) state.second.set(key, (window = { at: now, used: 0 }));
  window.used = spent ? LIMIT : window.used + 1;
  return {
    'x-ratelimit-limit': String(LIMIT),
    'x-ratelimit-remaining': String(Math.max(0, LIMIT - window.used)),
    'x-ratelimit-used': String(window.used),
    'x-ratelimit-reset': String(now + 1),
  };
}

/** `{"error":{"message","type","code":<number>}}`, the Agent API's errors (recorded shape). */
function error(call: Call, status: number, type: string, message: string, headers: Record<string, string> = {}): void {
  call.json(status, { error: { message, type, code: status } }, { ...infra(), 'content-type': 'application/json', ...headers });
}

const BAD_KEY = 'Invalid API key provided. Ensure your API key is correct and active.';

/** The answer's words: "OK." first (the check asks for it), then counting. Synthetic. */
const tokenAt = (i: number) => (i === 0 ? 'OK' : i === 1 ? '.' : ` ${i - 1}`);

async function agent(call: Call, state: State): Promise<void> {
  const scenario = call.scenario as PerplexityScenario;
  const key = call.key as string;
  let request: Record<string, unknown>;
  try {
    request = JSON.parse(call.body) as Record<string, unknown>;
  } catch {
    return error(call, 400, 'invalid_request', 'validation failed: body is not JSON'); // synthetic words, recorded shape
  }
  if (typeof request.input !== 'string' || request.input === '') return error(call, 400, 'invalid_request', 'validation failed: input cannot be empty'); // recorded
  const model = String(request.model ?? '');
  const priced = MODELS().data.find((m) => m.id === model);
  // Recorded on the Sonar API (bad_model/GenStream.yaml); that the Agent API answers the same is an assumption.
  if (!priced) return error(call, 400, 'invalid_model', `Invalid model '${model}'. Permitted models can be found in the documentation at https://docs.perplexity.ai/guides/model-cards.`);
  if (scenario === 'rateLimited') {
    // Synthetic words; the headers are the recorded ones, spent.
    return error(call, 429, 'rate_limit_exceeded', 'Rate limit exceeded. Please slow down.', { ...limits(state, key, true), 'retry-after': '1' });
  }

  const max = typeof request.max_output_tokens === 'number' ? request.max_output_tokens : Infinity;
  const reasoning = scenario === 'reasoning' ? 5 : 0;
  const n = Math.max(0, Math.min(max - reasoning, call.timing.completionTokens));
  const uuid = randomUUID();
  const id = `resp_${uuid}`;
  const itemId = `msg_${randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  const text = Array.from({ length: n }, (_, i) => tokenAt(i)).join('');
  const inputTokens = 39;
  const outputTokens = n + reasoning;
  const cost = (tokens: number, per1m: number) => Math.round(((tokens * per1m) / 1e6) * 1e8) / 1e8;
  const usage = {
    cost: { currency: 'USD', input_cost: cost(inputTokens, priced.pricing.input), output_cost: cost(outputTokens, priced.pricing.output), total_cost: cost(inputTokens, priced.pricing.input) + cost(outputTokens, priced.pricing.output) },
    input_tokens: inputTokens,
    input_tokens_details: { cached_tokens: 0 },
    output_tokens: outputTokens,
    output_tokens_details: { reasoning_tokens: reasoning },
    total_tokens: inputTokens + outputTokens,
  };
  const incomplete = n + reasoning >= max;
  const message = { content: [{ annotations: [], text, type: 'output_text' }], id: itemId, role: 'assistant', status: 'completed', type: 'message' };
  // The recorded response object (agent_model_without_tools.json), with this request's values.
  const response = (status: string, done: boolean) => ({
    background: false,
    completed_at: done && status === 'completed' ? created : null,
    created_at: created,
    error: status === 'failed' ? { code: 'server_error', message: 'The model failed to generate a response.' } : null, // failed: synthetic words
    frequency_penalty: 0,
    id,
    incomplete_details: done && status === 'incomplete' ? { reason: 'max_output_tokens' } : null,
    instructions: null,
    max_output_tokens: typeof request.max_output_tokens === 'number' ? request.max_output_tokens : null,
    max_tool_calls: null,
    metadata: {},
    model,
    object: 'response',
    output: done && status !== 'failed' ? [message] : [],
    parallel_tool_calls: true,
    presence_penalty: 0,
    previous_response_id: null,
    prompt_cache_key: null,
    reasoning: null,
    safety_identifier: null,
    service_tier: 'default',
    status,
    store: request.store !== false,
    temperature: 1,
    text: { format: { type: 'text' } },
    tool_choice: 'auto',
    tools: [],
    top_logprobs: 0,
    top_p: 1,
    truncation: '',
    usage: done ? usage : null,
    user: null,
  });
  const headers = { ...infra(), ...limits(state, key), 'x-request-id': uuid };

  if (request.stream !== true) {
    if (!(await call.sleepUntil(performance.now() + call.timing.firstTokenMs + Math.max(0, n - 1) * call.timing.interTokenMs))) return;
    const status = scenario === 'runFailed' ? 'failed' : incomplete ? 'incomplete' : 'completed';
    return call.json(200, response(status, true), { ...headers, 'content-type': 'application/json' });
  }

  // The event sequence of a recorded Agent API stream (vercel/ai agent-web-search.chunks.txt,
  // 2026-09-25). Its SSE envelope was not recorded: data-only lines, no [DONE] (an assumption).
  let seq = 0;
  const event = (type: string, fields: object) => `data: ${JSON.stringify({ ...fields, sequence_number: seq++, type })}\n\n`;
  const head = [event('response.created', { response: response('in_progress', false) }), event('response.in_progress', { response: response('in_progress', false) })];
  if (reasoning) head.push(event('response.reasoning.started', { thought: 'Thinking about the question...' }), event('response.reasoning.stopped', { thought: 'Done thinking.' })); // synthetic thoughts
  head.push(event('response.output_item.added', { item: { content: null, id: itemId, role: 'assistant', status: 'completed', type: 'message' }, output_index: 0 }));
  const per = Math.max(1, call.timing.tokensPerChunk);
  const timed: string[] = [];
  for (let i = 0; i < n; i += per) {
    timed.push(event('response.output_text.delta', { content_index: 0, delta: Array.from({ length: Math.min(per, n - i) }, (_, j) => tokenAt(i + j)).join(''), item_id: itemId, output_index: 0 }));
  }
  if (scenario === 'malformedSse') timed.splice(1, 0, 'data: not json at all\n\n', 'data: {"type":"response.output_text.delta","delta":null}\n\n');
  const tail: string[] = [];
  if (scenario === 'streamFailed') {
    tail.push(event('response.failed', { error: { code: 'server_error', message: 'The model failed to generate a response.' } })); // synthetic words
  } else if (scenario !== 'streamNoEnd') {
    tail.push(
      event('response.output_text.done', { content_index: 0, item_id: itemId, output_index: 0, text }),
      event('response.output_item.done', { item: message, output_index: 0 }),
      event('response.completed', { response: response(incomplete ? 'incomplete' : 'completed', true) }),
    );
  }
  await call.stream(200, { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' }, { head, timed, tail, resetAfter: scenario === 'resetMidStream' ? 1 : undefined });
}

export const perplexityFake: FakeModule<PerplexityScenario> = {
  scenarios: PERPLEXITY_SCENARIOS,
  keyFor: perplexityKeyFor,
  keyOf: (req: IncomingMessage) => bearerKey(req),
  // Reasoning takes a moment before the first word.
  timing: { reasoning: { firstTokenMs: 30 } },
  createState: (): State => ({ second: new Map() }),
  async handle(call, rawState) {
    const state = rawState as State;
    const scenario = call.scenario;
    if (!(await call.waitHeaders())) return;
    // Recorded: a request without a key (models_unauthenticated.json); a wrong key is assumed to get the same.
    if (call.key === undefined || scenario === undefined || scenario === 'invalid') return error(call, 401, 'invalid_api_key', BAD_KEY);
    if ((GENERIC_FAULTS as readonly string[]).includes(scenario)) {
      await call.fault(scenario as GenericFault, { open: '{"object":"response","output":[', item: (i) => JSON.stringify({ type: 'message', id: `msg_${i}`, content: [] }), close: ']}' });
      return;
    }
    // Recorded: the Sonar API's wrong-key page (errors/bad_apiKey/GenStream.yaml), Content-Type text/html.
    if (scenario === 'invalidHtml') return call.send(401, fixture('401_sonar_html_recorded.html'), { server: 'cloudflare', 'content-type': 'text/html' });
    // Synthetic body in the recorded error shape: Perplexity documents a 401 at zero balance, not its words.
    if (scenario === 'insufficientQuota') return error(call, 401, 'insufficient_quota', 'Your API group has no credits left. Add credits to continue using the API.');
    if (scenario === 'serverError') return error(call, 500, 'internal_server_error', 'Internal server error'); // synthetic
    if (scenario === 'badGateway') {
      // Synthetic: the shape of Cloudflare's own error pages in front of an origin.
      return call.send(502, '<!DOCTYPE html>\n<html><head><title>api.perplexity.ai | 502: Bad gateway</title></head><body><h1>Bad gateway</h1><p>Cloudflare</p></body></html>\n', { ...infra(), 'content-type': 'text/html; charset=UTF-8' });
    }
    if (scenario === 'forbiddenHtml') {
      // Synthetic: Cloudflare's block page.
      return call.send(403, '<!DOCTYPE html>\n<html><head><title>Attention Required! | Cloudflare</title></head><body><h1>Sorry, you have been blocked</h1></body></html>\n', { ...infra(), 'content-type': 'text/html; charset=UTF-8' });
    }
    if (call.method === 'GET' && call.path === '/v1/models') return call.json(200, MODELS(), { ...infra(), 'content-type': 'application/json', 'x-request-id': randomUUID() });
    if (call.method === 'POST' && (call.path === '/v1/agent' || call.path === '/v1/responses')) return agent(call, state);
    if (call.path === '/chat/completions' || call.path === '/async/chat/completions') {
      // Recorded (chat_completions_403.json, async_chat_completions_403.json, 2026-10-09).
      return error(call, 403, 'chat_completions_not_available', 'Sonar is now the Agent API. Use /v1/responses instead of /v1/sonar. Migrate here: https://docs.perplexity.ai/docs/agent-api/migrate-from-sonar/overview');
    }
    return error(call, 404, 'not_found', 'Not Found'); // synthetic
  },
};

export function startFakePerplexity(options: { port?: number } = {}): Promise<FakeServer<PerplexityScenario>> {
  return startFake(perplexityFake, { port: options.port });
}
