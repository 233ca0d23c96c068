/**
 * Mistral's error answers, parsed into known fields. Bodies come in several shapes (see
 * src/content/errors/mistral): `{"detail": "Unauthorized"}`, Kong's `{"message", "request_id"}`,
 * `{"object":"error","message","type","code"}` (message sometimes an object or a JSON string),
 * FastAPI's `{"detail":[…]}`, a Cloudflare HTML page, or nothing at all.
 */

export interface ProviderError {
  /** The provider's own words (not yet scrubbed of the key), or null. */
  message: string | null;
  type: string | null;
  code: string | null;
  requestId: string | null;
  /** The body was an HTML page (a Cloudflare error page, typically). */
  html: boolean;
}

function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    // FastAPI validation detail: [{loc: ["body","stream_options"], msg: "Extra inputs are not permitted"}]
    const parts = value.map((item: unknown) => {
      if (typeof item !== 'object' || item === null) return '';
      const { loc, msg } = item as { loc?: unknown; msg?: unknown };
      const where = Array.isArray(loc) ? loc.filter((l) => l !== 'body').join('.') : '';
      return typeof msg === 'string' ? (where ? `${where}: ${msg}` : msg) : '';
    });
    const joined = parts.filter(Boolean).join('; ');
    return joined || null;
  }
  if (typeof value === 'object' && value !== null) {
    const inner = value as { detail?: unknown; message?: unknown };
    return textOf(inner.detail ?? inner.message);
  }
  return null;
}

export function parseProviderError(contentType: string | null, body: string): ProviderError {
  const error: ProviderError = { message: null, type: null, code: null, requestId: null, html: false };
  const trimmed = body.trim();
  if (trimmed === '') return error;
  if (contentType?.includes('text/html') || trimmed.startsWith('<')) {
    error.html = true;
    const title = /<title>([^<]{1,200})<\/title>/i.exec(trimmed)?.[1];
    error.message = title ? title.trim() : null;
    return error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch {
    return error;
  }
  if (typeof parsed !== 'object' || parsed === null) return error;
  const fields = parsed as Record<string, unknown>;
  let message = fields.message;
  if (typeof message === 'string' && message.trim().startsWith('{')) {
    // Older 422s carried the FastAPI body as a JSON string inside `message`.
    try {
      message = JSON.parse(message);
    } catch {
      // keep the string
    }
  }
  error.message = textOf(message) ?? textOf(fields.detail);
  error.type = typeof fields.type === 'string' ? fields.type : null;
  error.code = typeof fields.code === 'string' || typeof fields.code === 'number' ? String(fields.code) : null;
  error.requestId = typeof fields.request_id === 'string' ? fields.request_id : null;
  return error;
}

/** The id a user can quote to Mistral support: correlation id, Kong id, or the body's request_id. */
export function requestIdOf(headers: Headers, error?: ProviderError): string | null {
  return headers.get('mistral-correlation-id') ?? headers.get('x-kong-request-id') ?? error?.requestId ?? null;
}

/** Server-side time Mistral reports, ms. */
export function serverTimeOf(headers: Headers): number | null {
  for (const name of ['x-kong-upstream-latency', 'x-envoy-upstream-service-time']) {
    const value = Number(headers.get(name));
    if (headers.has(name) && Number.isFinite(value)) return value;
  }
  return null;
}

/** Seconds to wait before retrying, from `Retry-After` (seconds or HTTP date) or the 2025 reset header. */
export function retryAfterSeconds(headers: Headers, now = Date.now()): number | null {
  const raw = headers.get('retry-after');
  if (raw !== null) {
    const seconds = Number(raw);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds;
    const date = Date.parse(raw);
    if (!Number.isNaN(date)) return Math.max(0, (date - now) / 1000);
  }
  const reset = Number(headers.get('ratelimitbysize-reset'));
  return headers.has('ratelimitbysize-reset') && Number.isFinite(reset) ? reset : null;
}

/** "Service tier capacity exceeded for this model.": Mistral is out of capacity, not the user out of quota. */
export function isCapacityError(error: ProviderError): boolean {
  return /capacity exceeded/i.test(error.message ?? '');
}
