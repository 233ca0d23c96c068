/**
 * Reading `POST /api/test` before anything is sent anywhere: method, origin, content type, size,
 * the JSON body against a strict schema, and the key header. Each refusal is a clear 4xx that
 * never repeats the key.
 */
import { z } from 'astro/zod';
import { benchmarkTargets, checkNames, LIMITS, MODEL_ID_PATTERN, type TestRequest } from '../lib/api-contract';
import { keyProblem, looksLikeSecret } from '../lib/key-inspect';
import { errorResponse } from './http';
import type { TesterRegistry } from './registry';

/** The request schema for a registry's providers, built once per registry. */
const schemas = new WeakMap<TesterRegistry, ReturnType<typeof requestSchemaFor>>();

const requestSchemaFor = (registry: TesterRegistry) => z.strictObject({
  provider: z.string().refine((id) => registry.ids.includes(id), {
    message: `Unknown or untestable provider; testable today: ${registry.ids.join(', ')}`,
  }),
  endpoint: z.string().max(40).optional(),
  checks: z
    .array(z.enum(checkNames))
    .max(checkNames.length)
    .refine((list) => new Set(list).size === list.length, { message: 'List each check once' })
    .optional(),
  benchmark: z
    .strictObject({
      target: z.enum(benchmarkTargets),
      model: z.string().min(1).max(100).regex(MODEL_ID_PATTERN, 'Model ids use letters, digits and . _ : -, with / between parts').optional(),
      runs: z.number().int().min(LIMITS.runs.min).max(LIMITS.runs.max).optional(),
      maxTokens: z.number().int().min(LIMITS.maxTokens.min).max(LIMITS.maxTokens.max).optional(),
    })
    .optional(),
}) satisfies z.ZodType<TestRequest>;

function requestSchema(registry: TesterRegistry) {
  let schema = schemas.get(registry);
  if (!schema) schemas.set(registry, (schema = requestSchemaFor(registry)));
  return schema;
}

export interface AcceptedRequest {
  body: TestRequest & { endpoint: string };
  key: string;
}

export type Gate = { ok: true; request: AcceptedRequest } | { ok: false; response: Response };

const refuse = (status: number, code: string, message: string, extra?: Record<string, string>): Gate => ({
  ok: false,
  response: errorResponse(status, code, message, extra),
});

/** Reads at most LIMITS.bodyBytes, whatever Content-Length says (or does not say, when chunked). */
async function readBody(request: Request): Promise<string | null> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > LIMITS.bodyBytes) return null;
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > LIMITS.bodyBytes) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/** Names a schema problem without quoting values (a misplaced key must not come back). */
function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const names = issue.keys.every((k) => /^[A-Za-z_]{1,24}$/.test(k)) ? ` (${issue.keys.join(', ')})` : '';
    const hint = issue.keys.some((k) => /key|token|secret/i.test(k)) ? ' The key goes in the X-Api-Key header, never in the body.' : '';
    return `Unknown field${issue.keys.length > 1 ? 's' : ''}${names}${path ? ` in ${path}` : ''}.${hint}`;
  }
  return `${path || 'body'}: ${issue.message}`;
}

export async function readTestRequest(request: Request, registry: TesterRegistry): Promise<Gate> {
  if (request.method !== 'POST') return refuse(405, 'method_not_allowed', 'Use POST.', { Allow: 'POST' });

  // Browsers send Origin on every POST; requiring our own keeps other sites' pages (and plain
  // scripts pretending to be a browser without it) from using the endpoint as a key checker.
  const origin = request.headers.get('origin');
  if (origin === null || origin !== new URL(request.url).origin) {
    return refuse(403, 'forbidden_origin', 'Requests must come from the Keyprobe site itself.');
  }

  const contentType = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(contentType)) {
    return refuse(415, 'unsupported_media_type', 'Send the request body as JSON (Content-Type: application/json).');
  }

  const text = await readBody(request);
  if (text === null) return refuse(413, 'body_too_large', `The request body is larger than ${LIMITS.bodyBytes} bytes.`);

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return refuse(400, 'invalid_json', 'The request body is not valid JSON.');
  }
  const parsed = requestSchema(registry).safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return refuse(400, 'invalid_request', first ? describeIssue(first) : 'The request body does not match the expected shape.');
  }

  const endpoints = registry.get(parsed.data.provider)?.data.endpoints ?? [];
  const endpointId = parsed.data.endpoint ?? endpoints[0]?.id ?? '';
  if (!endpoints.some((e) => e.id === endpointId)) {
    const ids = endpoints.map((e) => e.id).join(', ');
    return refuse(400, 'invalid_request', `endpoint: unknown endpoint; use one of: ${ids}.`);
  }

  const key = request.headers.get('x-api-key');
  if (key === null) return refuse(400, 'missing_key', 'Send the API key in the X-Api-Key header.');
  const problem = keyProblem(key);
  if (problem) return refuse(400, `key_${problem.code}`, problem.message);
  // The model id is echoed back in messages; a key pasted into the model field must not be.
  const model = parsed.data.benchmark?.model;
  if (model !== undefined && (model.includes(key) || looksLikeSecret(model))) {
    return refuse(400, 'invalid_request', 'benchmark.model: that looks like an API key, not a model id.');
  }

  return { ok: true, request: { body: { ...parsed.data, endpoint: endpointId }, key } };
}
