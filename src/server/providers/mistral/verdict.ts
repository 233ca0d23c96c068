/**
 * What a Mistral answer means for the key, in words a developer can act on. Used for the
 * validation verdict and for failed checks. Provider text is shown only after scrubbing the key.
 */
import type { Verdict } from '../../../lib/api-contract';
import { scrubKey } from '../../scrub';
import { isCapacityError, type ProviderError } from './errors';
import type { RateLimitReading } from './rate-limits';

export interface Finding {
  verdict: Verdict;
  message: string;
  fix: string;
}

export interface AnswerFacts {
  /** null when no answer arrived. */
  status: number | null;
  failure?: 'timeout' | 'unreachable' | 'unreadable' | 'too_large' | 'interrupted';
  error?: ProviderError;
  limits?: RateLimitReading;
  /** Host that was called, e.g. api.mistral.ai. */
  host: string;
  key: string;
}

function quoted(facts: AnswerFacts): string {
  const said = facts.error?.message;
  if (!said || facts.error?.html) return '';
  return ` Mistral said: “${scrubKey(said, facts.key).replace(/[.!]+$/, '')}”.`;
}

export function describe(facts: AnswerFacts): Finding {
  const { status, host } = facts;
  if (facts.failure === 'timeout') {
    return {
      verdict: 'timeout',
      message: `${host} did not answer in time.`,
      fix: 'This says nothing about your key. Try again in a minute; if it keeps happening, Mistral may be having an incident.',
    };
  }
  if (facts.failure === 'unreachable' || status === null) {
    return {
      verdict: 'unreachable',
      message: `Keyprobe could not connect to ${host}.`,
      fix: 'This is a network problem between Keyprobe and Mistral, not a problem with your key. Try again shortly.',
    };
  }
  if (status >= 300 && status < 400) {
    return {
      verdict: 'provider_error',
      message: `${host} answered with a redirect (HTTP ${status}). Keyprobe never follows redirects, so your key was not sent anywhere else.`,
      fix: 'Mistral does not normally redirect API calls. Try again later.',
    };
  }
  if (status === 401) {
    return {
      verdict: 'invalid',
      message: `Mistral rejected this key (401 Unauthorized).${quoted(facts)}`,
      fix: 'Copy the key again from the API keys page of the Mistral console, whole. If the key was revoked, expired or belongs to another workspace, create a new one. A key created a few minutes ago may need a moment before it works.',
    };
  }
  if (status === 403) {
    return {
      verdict: 'forbidden',
      message: `Mistral accepted the key but refused access (403 Forbidden).${quoted(facts)}`,
      fix: "Check the workspace's plan and the key's permissions in the Mistral console; a workspace without an active plan can be refused.",
    };
  }
  if (status === 404) {
    return {
      verdict: 'not_found',
      message: `${host} has no such route (404 Not Found).${quoted(facts)}`,
      fix: 'The endpoint does not serve this call. Pick the endpoint your key was made for: Codestral keys use codestral.mistral.ai, other keys api.mistral.ai.',
    };
  }
  if (status === 429) {
    if (facts.error && isCapacityError(facts.error)) {
      return {
        verdict: 'rate_limited',
        message: `Your key is valid, but Mistral is out of capacity for this model right now (429).${quoted(facts)}`,
        fix: 'This is Mistral\'s capacity, not your quota. Try again later or use another model.',
      };
    }
    if (facts.limits?.zeroAllowance) {
      return {
        verdict: 'quota_exhausted',
        message: `Your key is valid, but it has no allowance here: Mistral reports a limit of 0 (429).${quoted(facts)}`,
        fix: "The model is not on this key's plan, or the workspace's monthly quota or spending limit is used up. Check limits and billing in the Mistral console.",
      };
    }
    return {
      verdict: 'rate_limited',
      message: `Your key is valid, but Mistral is rate-limiting it right now (429).${quoted(facts)}`,
      fix: 'Wait a moment and test again. In free mode Mistral allows about one request per second, shared by everything using the key.',
    };
  }
  if (facts.failure === 'unreadable' || facts.failure === 'too_large' || facts.failure === 'interrupted') {
    const what = {
      unreadable: 'could not be read',
      too_large: 'was far larger than expected',
      interrupted: 'was cut off before it ended',
    }[facts.failure];
    return {
      verdict: 'provider_error',
      message: `${host} answered (HTTP ${status}), but the answer ${what}.`,
      fix: 'This is a problem on the provider side, not with your key. Try again in a minute.',
    };
  }
  if (status >= 500) {
    const cloudflare = status >= 520 && status <= 530;
    return {
      verdict: 'provider_error',
      message: cloudflare
        ? `Cloudflare, in front of Mistral, could not get an answer from Mistral's servers (HTTP ${status}).`
        : `Mistral had a problem answering (HTTP ${status}).${quoted(facts)}`,
      fix: 'This is on Mistral\'s side, not your key. Try again in a minute; if it persists, Mistral may be having an incident.',
    };
  }
  return {
    verdict: 'provider_error',
    message: `Mistral answered HTTP ${status}.${quoted(facts)}`,
    fix: 'Keyprobe did not expect this answer to its request. Try again; if it persists, please report it.',
  };
}
