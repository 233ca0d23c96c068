/**
 * Reading `POST /api/test` before anything is sent anywhere: HTTPS (off loopback), method,
 * origin, content type, size, the JSON body against its strict schema (request-body.ts), and the key header. Each
 * refusal is a clear 4xx that never repeats the key.
 */
import { LIMITS, type TestRequest } from '../lib/api-contract';
import { keyProblem, looksLikeSecret } from '../lib/key-inspect';
import { readAtMost } from '../lib/read-at-most';
import { RESOURCE_PLACEHOLDER } from '../lib/provider-facts';
import { errorResponse } from './http';
import type { TesterRegistry } from './registry';
import { checkTestRequest } from './request-body';

/**
 * The paid key checks among these endpoints, in words (`perplexity/sonar, at most 56 tokens`): a
 * validation call that is not free in the provider's data spends the user's money, so it needs
 * their consent first.
 */
function paidValidations(registry: TesterRegistry, provider: string, endpointIds: readonly string[]): string[] {
  const data = registry.get(provider)?.data;
  if (!data) return [];
  return [...new Set(endpointIds)].flatMap((id) => {
    const endpoint = data.endpoints.find((e) => e.id === id);
    if (!endpoint || data.calls[endpoint.validation.call]?.cost === 'free') return [];
    const { model, inputTokens, maxTokens } = endpoint.validation;
    return [`${endpoint.label}: ${model ?? endpoint.validation.call}, at most ${inputTokens + maxTokens} tokens`];
  });
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

/**
 * How much of a too-large body is read and dropped before the refusal, so that a client still
 * sending it gets the 413 rather than a reset connection (see readAtMost). Bodies declared larger
 * are refused unread.
 */
const DRAIN_BYTES = 1 << 20;

/** Reads at most LIMITS.bodyBytes, whatever Content-Length says (or does not say, when chunked). */
async function readBody(request: Request): Promise<string | null> {
  if (!request.body) return '';
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > LIMITS.bodyBytes + DRAIN_BYTES) {
    await request.body.cancel().catch(() => undefined);
    return null;
  }
  const bytes = await readAtMost(request.body, LIMITS.bodyBytes, { drainUpTo: DRAIN_BYTES });
  return bytes && new TextDecoder().decode(bytes);
}

/** Loopback hosts (`wrangler dev`, `npm start`, the demo), where plain http: never leaves the machine. */
export function isLoopbackHost(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost') || name === '[::1]' || /^127(\.\d{1,3}){3}$/.test(name);
}

export async function readTestRequest(request: Request, registry: TesterRegistry): Promise<Gate> {
  // Anywhere but loopback, a key must arrive over HTTPS. One that came over plain http: has
  // already crossed the network readable by anyone on the path: refuse it before anything else,
  // send it nowhere, and say to replace it. (Production: "Always Use HTTPS" redirects http: at
  // Cloudflare's edge before the Worker runs, and HSTS keeps browsers on https:.)
  const url = new URL(request.url);
  if (url.protocol !== 'https:' && !isLoopbackHost(url.hostname)) {
    // The message names no host: the Host header is the client's to set, and is not repeated.
    const sentKey = (request.headers.get('x-api-key') ?? '').trim() !== '';
    return refuse(
      403,
      'https_required',
      sentKey
        ? "This request came over plain HTTP, so your key crossed the network unencrypted. Treat it as exposed: revoke it in your provider's console, create a new one, and test the new key on this site's https:// address."
        : "Keyprobe only accepts keys over HTTPS: use this site's https:// address. If you sent a key over plain HTTP, revoke it and create a new one.",
    );
  }

  if (request.method !== 'POST') return refuse(405, 'method_not_allowed', 'Use POST.', { Allow: 'POST' });

  // CSRF defence: browsers send Origin on every POST, so requiring our own keeps another site's
  // page from making its visitors' browsers post here, with any body a cross-site form can send
  // too (Astro's own check is off, see astro.config.mjs, so this is the answer they get). It is
  // not an abuse control: any script can send any Origin; the abuse limits are in abuse.ts.
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
  const parsed = checkTestRequest(json, registry.ids);
  if (!parsed.ok) return refuse(400, 'invalid_request', parsed.message);

  const endpoints = registry.get(parsed.value.provider)?.data.endpoints ?? [];
  const endpointId = parsed.value.endpoint ?? endpoints[0]?.id ?? '';
  const template = endpoints.find((e) => e.origin.includes(RESOURCE_PLACEHOLDER))?.origin;
  const templated = template !== undefined;
  if (templated && parsed.value.resource === undefined) {
    const example = template.replace(RESOURCE_PLACEHOLDER, '<resource>');
    return refuse(400, 'missing_resource', `This provider needs your resource name (from your endpoint URL ${example}) in the resource field.`);
  }
  if (!templated && (parsed.value.resource !== undefined || parsed.value.deployment !== undefined)) {
    return refuse(400, 'invalid_request', 'resource and deployment are only for providers whose host depends on your resource.');
  }
  const known = (id: string) => endpoints.some((e) => e.id === id);
  const ids = endpoints.map((e) => e.id).join(', ');
  if (!known(endpointId)) return refuse(400, 'invalid_request', `endpoint: unknown endpoint; use one of: ${ids}.`);
  if (!(parsed.value.benchmark?.endpoints ?? []).every(known)) {
    return refuse(400, 'invalid_request', `benchmark.endpoints: unknown endpoint; use some of: ${ids}.`);
  }
  const unconfirmed = paidValidations(registry, parsed.value.provider, [endpointId, ...(parsed.value.benchmark?.endpoints ?? [])]);
  if (unconfirmed.length > 0 && parsed.value.confirmPaidValidation !== true) {
    return refuse(
      400,
      'cost_not_confirmed',
      `The key check here is a paid call (${unconfirmed.join('; ')}), billed to the key. Keyprobe makes it only after you have seen its cost and agreed: send "confirmPaidValidation": true.`,
    );
  }

  const key = request.headers.get('x-api-key');
  if (key === null) return refuse(400, 'missing_key', 'Send the API key in the X-Api-Key header.');
  const problem = keyProblem(key);
  if (problem) return refuse(400, `key_${problem.code}`, problem.message);
  // The model id is echoed back in messages; a key pasted into the model field must not be.
  const model = parsed.value.benchmark?.model;
  if (model !== undefined && (model.includes(key) || looksLikeSecret(model))) {
    return refuse(400, 'invalid_request', 'benchmark.model: that looks like an API key, not a model id.');
  }

  return { ok: true, request: { body: { ...parsed.value, endpoint: endpointId }, key } };
}
