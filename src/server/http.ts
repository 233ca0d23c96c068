/** Responses the endpoint gives when it does not stream: small fixed JSON errors that never contain the key. */
import type { ErrorBody } from '../lib/api-contract';
import { apiHeaders } from '../lib/security-headers';

/** Headers on every answer of the endpoint. */
export const baseHeaders: Record<string, string> = apiHeaders;

export function errorResponse(status: number, code: string, message: string, extra: Record<string, string> = {}): Response {
  const body: ErrorBody = { error: { code, message } };
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...baseHeaders, 'Content-Type': 'application/json; charset=utf-8', ...extra },
  });
}

/** The catch-all: what any unexpected failure inside Keyprobe looks like from outside. */
export function internalErrorResponse(): Response {
  return errorResponse(500, 'internal_error', 'Something went wrong inside Keyprobe. Your key was not kept. Please try again.');
}
