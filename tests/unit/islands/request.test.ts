import { describe, expect, it } from 'vitest';
import { defaultOptions, type Options } from '../../../src/islands/key-tester/logic/options';
import { buildRequest, clampInt, comparedList, fetchInit, optionsProblem } from '../../../src/islands/key-tester/logic/request';
import { LIMITS } from '../../../src/lib/api-contract';
import { mistral } from './provider-fixture';

const opts = (patch: Partial<Options> = {}): Options => ({ ...defaultOptions('global', mistral.benchmarkModels), ...patch });

describe('buildRequest', () => {
  it('sends only the provider and endpoint by default: no checks, no benchmark', () => {
    expect(buildRequest('mistral', opts())).toEqual({ provider: 'mistral', endpoint: 'global' });
  });

  it('says the user agreed to a paid key check only when they did', () => {
    expect(buildRequest('mistral', opts({ endpoint: 'codestral' }), null, true)).toEqual({ provider: 'mistral', endpoint: 'codestral', confirmPaidValidation: true });
    expect(buildRequest('mistral', opts({ endpoint: 'codestral' }), null, false)).not.toHaveProperty('confirmPaidValidation');
  });

  it('lists each chosen check once', () => {
    expect(buildRequest('mistral', opts({ checks: ['chat', 'fim', 'chat'] })).checks).toEqual(['chat', 'fim']);
  });

  it('sends the benchmark with the default model per target, and max tokens only where tokens are generated', () => {
    expect(buildRequest('mistral', opts({ benchmark: true })).benchmark).toEqual({ target: 'chat', model: 'mistral-small-latest', runs: 5, maxTokens: 32 });
    expect(buildRequest('mistral', opts({ benchmark: true, target: 'embeddings' })).benchmark).toEqual({ target: 'embeddings', model: 'mistral-embed', runs: 5 });
    expect(buildRequest('mistral', opts({ benchmark: true, target: 'fim' })).benchmark).toEqual({ target: 'fim', model: 'codestral-latest', runs: 5, maxTokens: 32 });
    expect(buildRequest('mistral', opts({ benchmark: true, target: 'models' })).benchmark).toEqual({ target: 'models', runs: 5 });
  });

  it('keeps runs and max tokens within what the server accepts', () => {
    const body = buildRequest('mistral', opts({ benchmark: true, runs: 99, maxTokens: 0 }));
    expect(body.benchmark).toMatchObject({ runs: LIMITS.runs.max, maxTokens: LIMITS.maxTokens.min });
    expect(clampInt('7.6', LIMITS.runs)).toBe(8);
    expect(clampInt('', LIMITS.runs)).toBe(LIMITS.runs.default);
    expect(clampInt('abc', LIMITS.maxTokens)).toBe(LIMITS.maxTokens.default);
    expect(clampInt(-3, LIMITS.runs)).toBe(LIMITS.runs.min);
  });

  it('trims the model id and refuses ids the server would refuse', () => {
    const models = { ...defaultOptions('global', mistral.benchmarkModels).models, chat: '  ministral-8b-latest ' };
    expect(buildRequest('mistral', opts({ benchmark: true, models })).benchmark?.model).toBe('ministral-8b-latest');
    expect(optionsProblem(opts({ benchmark: true, models: { ...models, chat: '' } }))).toMatch(/Enter the model/);
    expect(optionsProblem(opts({ benchmark: true, models: { ...models, chat: 'mistral small' } }))).toMatch(/letters, digits/);
    expect(optionsProblem(opts({ benchmark: true, models: { ...models, chat: 'x'.repeat(101) } }))).not.toBeNull();
    // Publisher-prefixed ids (Groq's `qwen/qwen3.6-27b`) are ids like any other.
    expect(optionsProblem(opts({ benchmark: true, models: { ...models, chat: 'qwen/qwen3.6-27b' } }))).toBeNull();
    // Ids in parts, as OpenRouter writes them; a slash only between parts.
    expect(optionsProblem(opts({ benchmark: true, models: { ...models, chat: 'mistralai/mistral-nemo' } }))).toBeNull();
    expect(optionsProblem(opts({ benchmark: true, models: { ...models, chat: 'openai/gpt-oss-20b:free' } }))).toBeNull();
    for (const id of ['/mistral-nemo', 'mistralai/', 'a//b', 'a / b']) {
      expect(optionsProblem(opts({ benchmark: true, models: { ...models, chat: id } })), id).toMatch(/letters, digits/);
    }
    // Ids that name their organization, with a router suffix.
    expect(optionsProblem(opts({ benchmark: true, models: { ...models, chat: 'meta-llama/Llama-3.1-8B-Instruct:cheapest' } }))).toBeNull();
    expect(optionsProblem(opts({ benchmark: false, models: { ...models, chat: 'mistral small' } }))).toBeNull();
    expect(optionsProblem(opts({ benchmark: true, target: 'models', models: { ...models, chat: '' } }))).toBeNull();
  });
});

describe('comparing endpoints', () => {
  it('lists the chosen endpoint first, then the others, each once, at most four', () => {
    expect(comparedList(opts({ benchmark: true, compare: true, compareWith: ['eu', 'us'] }))).toEqual(['global', 'eu', 'us']);
    expect(comparedList(opts({ benchmark: true, compare: true, endpoint: 'eu', compareWith: ['global', 'eu', 'global'] }))).toEqual(['eu', 'global']);
    expect(comparedList(opts({ benchmark: true, compare: true, compareWith: ['eu', 'us', 'codestral', 'mars'] }))).toEqual(['global', 'eu', 'us', 'codestral']);
  });

  it('compares nothing when the comparison or the benchmark is off, or has no other endpoint', () => {
    expect(comparedList(opts({ benchmark: true, compare: false, compareWith: ['eu'] }))).toEqual([]);
    expect(comparedList(opts({ benchmark: false, compare: true, compareWith: ['eu'] }))).toEqual([]);
    expect(comparedList(opts({ benchmark: true, compare: true, compareWith: ['global'] }))).toEqual([]);
    expect(optionsProblem(opts({ benchmark: true, compare: true, compareWith: [] }))).toMatch(/at least one other endpoint/);
    expect(optionsProblem(opts({ benchmark: true, compare: true, compareWith: ['eu'] }))).toBeNull();
  });

  it('sends benchmark.endpoints with the main endpoint in it', () => {
    expect(buildRequest('mistral', opts({ benchmark: true, target: 'models', compare: true, compareWith: ['eu', 'us'] }))).toEqual({ provider: 'mistral', endpoint: 'global', benchmark: { target: 'models', runs: 5, endpoints: ['global', 'eu', 'us'] } });
    expect(buildRequest('mistral', opts({ benchmark: true, compare: false, compareWith: ['eu'] })).benchmark?.endpoints).toBeUndefined();
  });
});

describe('fetchInit', () => {
  const key = 'AbCdEfGhIjKlMnOpQrStUvWxYz012345';
  it('puts the key in the X-Api-Key header and nowhere else', () => {
    const init = fetchInit(key, buildRequest('mistral', opts({ checks: ['chat'], benchmark: true })), new AbortController().signal);
    expect(init.method).toBe('POST');
    expect(init.headers).toEqual({ 'Content-Type': 'application/json', 'X-Api-Key': key });
    expect(String(init.body)).not.toContain(key);
    expect(JSON.parse(String(init.body))).toMatchObject({ provider: 'mistral', endpoint: 'global', checks: ['chat'] });
    expect(init.cache).toBe('no-store');
    expect(init.credentials).toBe('omit');
    expect(init.referrerPolicy).toBe('no-referrer');
  });
});

describe('a provider whose host is the user\'s resource', () => {
  const azure = (patch: Partial<Options> = {}): Options => ({ ...defaultOptions('openai', {}), ...patch });

  it('sends the checked resource and a named deployment; no model, when the benchmark leaves it to the deployment', () => {
    expect(buildRequest('azure-openai', azure({ resource: 'my-team' }))).toEqual({ provider: 'azure-openai', endpoint: 'openai', resource: 'my-team' });
    expect(buildRequest('azure-openai', azure({ resource: 'my-team', deployment: ' chat-mini ', benchmark: true }))).toEqual({
      provider: 'azure-openai',
      endpoint: 'openai',
      resource: 'my-team',
      deployment: 'chat-mini',
      benchmark: { target: 'chat', runs: 5, maxTokens: 32 },
    });
    // A deployment without a resource is never sent (the endpoint refuses it for other providers).
    expect(buildRequest('mistral', opts({ deployment: 'x' }))).toEqual({ provider: 'mistral', endpoint: 'global' });
  });

  it('lets the benchmark leave its model empty, and checks a deployment name', () => {
    expect(optionsProblem(azure({ benchmark: true }), true)).toBeNull();
    expect(optionsProblem(azure({ benchmark: true }))).toBe('Enter the model to benchmark.');
    expect(optionsProblem(azure({ deployment: 'chat mini' }), true)).toMatch(/^A deployment name uses only/);
  });
});
