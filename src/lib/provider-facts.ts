/**
 * The constants of the provider data that code outside the build uses (the endpoint, the island):
 * here, not in provider-schema.ts, so that importing them never builds the zod schema of a provider
 * file. That schema runs at build time only; in the Worker and the browser it would be dead weight
 * evaluated at startup (tests/unit/bundle-budgets.test.ts keeps zod out of both).
 */
import type { CheckName } from './api-contract.ts';

/** The placeholder of an origin that depends on the user's resource (`https://{resource}.openai.azure.com`). */
export const RESOURCE_PLACEHOLDER = '{resource}';
/**
 * What a resource name may be (a DNS label: lower-case letters, digits and inner hyphens, 1–63):
 * the endpoint checks it before it builds a resource's origin, the island before it sends one.
 */
export const RESOURCE_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/**
 * The placeholder of a stream host the provider picks per answer (`https://stream-b.svc.{label}.c.replicate.net`):
 * one DNS label, matched by RESOURCE_PATTERN, never filled in from a request.
 */
export const LINK_LABEL_PLACEHOLDER = '{label}';

/**
 * The kinds of work a call does. `chat`, `embeddings` and `fim` are also what a model can be
 * capable of, what a benchmark can target, and what a check needs.
 */
export const workKinds = ['chat', 'embeddings', 'fim'] as const;
export type WorkKind = (typeof workKinds)[number];

/** Which work each check needs: streaming is chat, streamed. */
export const checkWork: Record<CheckName, WorkKind> = { chat: 'chat', stream: 'chat', embeddings: 'embeddings', fim: 'fim' };
