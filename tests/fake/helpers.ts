// Shared helpers for the fake-Mistral fidelity tests: the OpenAPI spec compiled with ajv (2020-12),
// a raw HTTP client that timestamps every chunk, and an SSE reader.
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import Ajv2020 from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import YAML from 'yaml';
import { createParser } from 'eventsource-parser';
import { extensionKeywords, MODELS_FIXTURE_PATH, SPEC_PATH } from '../fakes/mistral/spec.ts';

type JsonObject = Record<string, unknown>;

export const spec = YAML.parse(readFileSync(SPEC_PATH, 'utf8')) as {
  paths: Record<string, Record<string, JsonObject>>;
  components: { schemas: Record<string, JsonObject> };
};

export const modelsFixture = JSON.parse(readFileSync(MODELS_FIXTURE_PATH, 'utf8')) as {
  object: string;
  data: { id: string; name: string; aliases: string[]; created: number; type: string; [k: string]: unknown }[];
};

/**
 * Where the real API contradicts the spec, the spec is patched here — and only here. Each patch
 * names the real evidence; the `spec.test.ts` suite proves each one is needed (the unpatched spec
 * rejects the real body) and sufficient (the patched spec accepts it).
 */
export const SPEC_PATCHES = [
  {
    id: 'chat-response-no-data',
    what: 'ChatCompletionResponse lists `data` as required, but no real chat/FIM completion has a `data` field',
    evidence: 'real 2026-06-23 chat body (FACTS §2.3); the spec\'s own FIM example has no `data` either',
    apply(s: Record<string, JsonObject>): void {
      const allOf = s['ChatCompletionResponse']?.['allOf'] as JsonObject[] | undefined;
      const second = allOf?.[1];
      if (!second || !Array.isArray(second['required'])) throw new Error('patch target moved');
      second['required'] = (second['required'] as string[]).filter((r) => r !== 'data');
    },
  },
  {
    id: 'usage-prompt-tokens-details',
    what: 'UsageInfo has additionalProperties:false but real 2026 responses carry `prompt_tokens_details: {cached_tokens}`',
    evidence: 'real 2026-06-23 chat body (FACTS §1.2, §2.3)',
    apply(s: Record<string, JsonObject>): void {
      const props = s['UsageInfo']?.['properties'] as JsonObject | undefined;
      if (!props) throw new Error('patch target moved');
      props['prompt_tokens_details'] = {
        type: 'object',
        properties: { cached_tokens: { type: 'integer', minimum: 0 } },
        required: ['cached_tokens'],
        additionalProperties: false,
      };
    },
  },
] as const;

function makeAjv(schemas: Record<string, JsonObject>): Ajv2020 {
  // strict mode on (unknown keywords/formats are errors); strictTypes/strictRequired only judge the
  // spec's authoring style (e.g. `required` in an allOf branch), not validation strength.
  const ajv = new Ajv2020({ strict: true, strictTypes: false, strictRequired: false, allErrors: true });
  addFormats(ajv);
  // `discriminator` is an annotation in OAS 3.1: validation is the `oneOf` itself (exactly one
  // variant must match), which is stricter than following the mapping.
  for (const k of ['example', 'components', 'discriminator', ...extensionKeywords(schemas)]) ajv.addKeyword(k);
  ajv.addSchema({ $id: 'mistral', components: { schemas } });
  return ajv;
}

const rawAjv = makeAjv(structuredClone(spec.components.schemas));
const patchedSchemas = structuredClone(spec.components.schemas);
for (const p of SPEC_PATCHES) p.apply(patchedSchemas);
const patchedAjv = makeAjv(patchedSchemas);

export function schema(name: string, opts: { raw?: boolean } = {}): ValidateFunction {
  const fn = (opts.raw ? rawAjv : patchedAjv).getSchema(`mistral#/components/schemas/${name}`);
  if (!fn) throw new Error(`no schema ${name}`);
  return fn;
}

/** Validate and return a readable error list ([] when valid). */
export function check(name: string, value: unknown, opts: { raw?: boolean } = {}): string[] {
  const fn = schema(name, opts);
  if (fn(value)) return [];
  return (fn.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`);
}

/** Compile an extra schema that may $ref the (patched) spec's components. */
export function compileWithSpec(s: JsonObject): ValidateFunction {
  return patchedAjv.compile(s);
}

// ---------------------------------------------------------------------------------------------

export interface TimedResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** ms from request end to response headers */
  tHeaders: number;
  /** [ms since request end, text] for every data chunk as it arrived */
  chunks: [number, string][];
}

/** A raw node:http request that timestamps the headers and every body chunk. */
export function timedRequest(
  origin: string,
  path: string,
  o: { method?: string; key?: string; body?: unknown; headers?: Record<string, string>; signal?: AbortSignal } = {},
): Promise<TimedResponse> {
  return new Promise((resolve, reject) => {
    const body = o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (o.key !== undefined) headers['authorization'] = `Bearer ${o.key}`;
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    const req = httpRequest(`${origin}${path}`, { method: o.method ?? (body === undefined ? 'GET' : 'POST'), headers, signal: o.signal, agent: false });
    let t0 = 0;
    req.on('response', (res) => {
      const tHeaders = performance.now() - t0;
      const chunks: [number, string][] = [];
      res.setEncoding('utf8');
      res.on('data', (c: string) => chunks.push([performance.now() - t0, c]));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: chunks.map((c) => c[1]).join(''), tHeaders, chunks }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body, () => { t0 = performance.now(); });
    if (t0 === 0) t0 = performance.now();
  });
}

export interface SseEvent { data: string; event?: string | undefined; t: number }

/** Parse SSE from timestamped chunks with eventsource-parser; each event keeps its chunk's time. */
export function sseEvents(chunks: [number, string][]): SseEvent[] {
  const out: SseEvent[] = [];
  let now = 0;
  const parser = createParser({ onEvent: (e) => out.push({ data: e.data, event: e.event, t: now }) });
  for (const [t, c] of chunks) { now = t; parser.feed(c); }
  return out;
}

/** JSON payloads of a Mistral SSE stream; asserts the framing (`data: …\n\n`, `[DONE]` last). */
export function streamChunks(body: string): { chunks: JsonObject[]; done: boolean } {
  const events = sseEvents([[0, body]]);
  const done = events.at(-1)?.data === '[DONE]';
  const chunks = events.filter((e) => e.data !== '[DONE]').map((e) => JSON.parse(e.data) as JsonObject);
  return { chunks, done };
}

export async function postJson(origin: string, path: string, key: string | undefined, body: unknown): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key !== undefined) headers['authorization'] = `Bearer ${key}`;
  return fetch(`${origin}${path}`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

export async function getJson(origin: string, path: string, key?: string): Promise<Response> {
  const headers: Record<string, string> = {};
  if (key !== undefined) headers['authorization'] = `Bearer ${key}`;
  return fetch(`${origin}${path}`, { headers });
}

export const CHAT = { model: 'mistral-small-latest', messages: [{ role: 'user', content: 'Say hello' }] };
export const FIM = { model: 'codestral-latest', prompt: 'def add(a, b):\n    return ', suffix: '\n' };
export const EMBED = { model: 'mistral-embed', input: ['Embed this sentence.', 'As well as this one.'] };
