/**
 * The schema of src/content/providers/<id>.json: every fact about a provider that Keyprobe uses,
 * in one typed file per provider. Read by the content collection (pages), by the endpoint (which
 * hosts to call, with which auth, paths, headers and models), by the island (checks, models,
 * cost) and by /security/ (every call the tester can make). Behaviour that data cannot express
 * lives in the provider's adapter (src/server/providers/<id>.ts).
 *
 * Kept out of src/content.config.ts so that tests can validate a provider fixture with it.
 */
import { z } from 'astro/zod';
import { checkNames, type CheckName } from './api-contract.ts';
import { checkWork, LINK_LABEL_PLACEHOLDER, workKinds, type WorkKind } from './provider-facts.ts';

// The constants live in provider-facts.ts (no zod there); re-exported for the build's code.
export { checkWork, LINK_LABEL_PLACEHOLDER, RESOURCE_PATTERN, RESOURCE_PLACEHOLDER, workKinds, type WorkKind } from './provider-facts.ts';

const isoDateSchemaInner = z.iso.date();

/** A link to where a fact comes from; shown next to the fact. */
export const sourceSchema = z.strictObject({
  /** What the reader will find there, e.g. "Mistral docs: Rate limits & usage tiers". */
  title: z.string().min(3),
  /** Absolute https URL. */
  url: z.url({ protocol: /^https$/ }),
  /**
   * Date of the source as checked (YYYY-MM-DD): the commit of a docs or code file, the post of an
   * issue or comment, the capture of a response. Entry dates (`checkedOn`, `verifiedOn`, `updated`)
   * may not be later than the newest source date recorded for the entry (tests/unit/content-dates.test.ts).
   */
  date: isoDateSchemaInner.optional(),
});

/** ISO date (YYYY-MM-DD); kept as a string so it prints exactly as written. */
export const isoDateSchema = isoDateSchemaInner;

const httpsOrigin = z.url({ protocol: /^https$/ }).regex(/^https:\/\/[a-z0-9.-]+$/, 'an origin has no path');

/** An origin an answer may link to: https, no path, at most one `{label}`, under a fixed registrable domain. */
const linkOrigin = z
  .string()
  .regex(/^https:\/\/(?:(?:\{label\}|[a-z0-9-]+)\.)+[a-z0-9-]+\.[a-z0-9-]+$/, 'an https origin (no path), optionally with one {label} before a fixed domain')
  .refine((o) => o.split(LINK_LABEL_PLACEHOLDER).length <= 2, 'at most one {label}');

/** An https origin, or one whose first label is the user's resource name. */
const originOrTemplate = z.string().regex(/^https:\/\/(\{resource\}\.)?[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'an https origin (no path), optionally https://{resource}.<host>');

/** Roles an endpoint's origins play: where the key is checked, where inference runs, where streams are read. */
export const originRoles = ['validation', 'inference', 'streaming'] as const;
export type OriginRole = (typeof originRoles)[number];

/**
 * Names of calls with a fixed meaning to the runner; providers may add others (`account`, `balance`).
 * A provider whose streams have a path of their own (Gemini's `:streamGenerateContent`) adds
 * `<name>Stream` next to the call (`chatStream`): streamed work uses it, the rest uses `<name>`.
 */
export const callNames = ['models', 'chat', 'embeddings', 'fim'] as const;

/** One HTTP call the tester can make. /security/ lists these, so nothing is called that is not here. */
export const callSchema = z.strictObject({
  method: z.enum(['GET', 'POST']),
  /** Path and query on the origin; `{model}` is filled in by the adapter (Azure deployments). */
  path: z.string().regex(/^\/[A-Za-z0-9/_.:{}?=&-]*$/, 'a path starts with / and holds no spaces or fragments'),
  /** Which of the endpoint's origins it goes to. */
  role: z.enum(originRoles).default('inference'),
  /** `free`: spends nothing; `tokens`: billed per token; `fee`: a per-request fee on top of tokens. */
  cost: z.enum(['free', 'tokens', 'fee']),
  /** What the call is for, in a few words, for /security/ ("lists the key's models"). */
  purpose: z.string().min(3),
  /**
   * The provider answers this call to anyone, the same with or without a key (OpenRouter's model
   * list): it goes out without the key, and its answer says nothing about the key.
   */
  public: z.boolean().default(false),
});
export type Call = z.infer<typeof callSchema>;

/** The call that decides a key's verdict; a paid one names the model and the tokens it may spend. */
const validationSchema = z.strictObject({
  call: z.string(),
  model: z.string().optional(),
  inputTokens: z.number().int().nonnegative().default(0),
  maxTokens: z.number().int().nonnegative().default(0),
});

/** One named API origin of a provider. The endpoint accepts only these ids, never a URL. */
export const endpointSchema = z.strictObject({
  /** Id used in the tester request (`"endpoint": "eu"`), e.g. `default`, `global`, `eu`, `codestral`. */
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  /** Label for the endpoint picker, e.g. "Global (api.mistral.ai)". */
  label: z.string(),
  /** Inference origin (scheme + host, no path); `https://{resource}.…` when it depends on the user's resource. */
  origin: originOrTemplate,
  /** Origins for the other roles, where they differ from `origin` (a second host for validation, a streaming host). */
  origins: z
    .strictObject({
      validation: httpsOrigin.optional(),
      streaming: httpsOrigin.optional(),
      /**
       * Where an answer may send the runner to read a stream (a prediction's `urls.stream`): the
       * provider's own stream hosts. Never called unless an answer links there, never with the key;
       * a link anywhere else is refused unrequested.
       */
      streamLinks: z.array(linkOrigin).default([]),
    })
    .default({ streamLinks: [] }),
  /** One sentence for users choosing between endpoints. */
  description: z.string(),
  /** The provider's free (or cheapest) call that proves a key here. */
  validation: validationSchema.default({ call: 'models', inputTokens: 0, maxTokens: 0 }),
  /** Calls this endpoint serves, when not all of them (a host made for IDE plugins serves chat and FIM only). */
  serves: z.array(z.string()).optional(),
  /** Models this endpoint serves when it cannot list them. */
  models: z.array(z.string()).default([]),
  /**
   * Endpoints to ask, each with its own validation call, when this one refuses the key: a key made
   * for one host (a Codestral key, a data-residency project's key) is then `wrong_endpoint`, not invalid.
   */
  alternatives: z.array(z.string()).default([]),
});
export type Endpoint = z.infer<typeof endpointSchema>;

/** One shape a provider's keys can have. Detection (island and server) reads these as data. */
export const keyShapeSchema = z.strictObject({
  /** Short name of the kind of key, e.g. "project key", "platform key". */
  label: z.string(),
  /** Anchored regular expression (JavaScript syntax) a whole key must match. */
  pattern: z.string().refine((p) => p.startsWith('^') && p.endsWith('$'), 'anchor with ^ and $'),
  /**
   * The fixed prefix the shape starts with (`sk-ant-`, `gsk_`), or null for opaque keys that carry
   * no prefix at all (Mistral, Cohere): those can only be told apart by length and alphabet, so
   * detection names them with less confidence.
   */
  prefix: z.string().nullable(),
  /** Other fixed text every key of this shape contains (OpenAI's `T3BlbkFJ`): public, not secret. */
  markers: z.array(z.string().min(2)).default([]),
  /** Where the shape is documented or observed. */
  source: sourceSchema,
});
export type KeyShape = z.infer<typeof keyShapeSchema>;

/** A rate-limit header (pair) and the window it counts. */
const rateLimitHeaderSchema = z.strictObject({
  /** Header with the limit, e.g. `x-ratelimit-limit-requests`. */
  limit: z.string(),
  remaining: z.string().optional(),
  /** Header saying when the window resets, read per `resetFormat`. */
  reset: z.string().optional(),
  /** "Requests", "Tokens", "Input tokens", ... */
  name: z.string(),
  /** `minute`, `5 minutes`, `hour`, `day`, `month`: how long the window is. */
  window: z.string().regex(/^(\d+ )?(second|minute|hour|day|week|month)s?$/),
});

const headersSchema = z.strictObject({
  /** Response headers holding the provider's request id, first present wins. */
  requestId: z.array(z.string()).default([]),
  /** Response headers holding the provider's own processing time, first present wins (unit: `timeUnit`). */
  serverTime: z.array(z.string()).default([]),
  /** Response headers with the provider's own time to first token (unit: `timeUnit`). */
  serverTtft: z.array(z.string()).default([]),
  /** How `serverTime` and `serverTtft` headers count: milliseconds, or seconds (Fireworks writes `0.500`). */
  timeUnit: z.enum(['ms', 'seconds']).default('ms'),
  /** Response headers naming the region or upstream that served the call. */
  servedBy: z.array(z.string()).default([]),
  rateLimits: z.array(rateLimitHeaderSchema).default([]),
  /** How reset headers are written: seconds, a duration like `6m0s`, an RFC 3339 time. */
  resetFormat: z.enum(['seconds', 'duration', 'rfc3339']).default('seconds'),
  /** Whether rate-limit headers come only on inference answers (then the limits panel waits for a check). */
  rateLimitsOnInferenceOnly: z.boolean().default(false),
  /**
   * What the limits panel adds in the provider's own terms: how to read its limits when a call
   * sent them, and how it limits instead when a call sent none.
   */
  rateLimitNotes: z.strictObject({ whenSent: z.string().optional(), whenNone: z.string().optional() }).default({}),
});

/** The calls a check makes: the models tried in order (the first the key lists wins) and token bounds. */
const checkSchema = z.strictObject({
  models: z.array(z.string()).min(1),
  inputTokens: z.number().int().nonnegative(),
  maxTokens: z.number().int().nonnegative(),
});

/** How model ids are grouped and what groups can do, when the provider does not say. */
const familySchema = z.strictObject({
  name: z.string(),
  /** Regular expression (lower case) an id matches; families are tried in order, first match wins. */
  match: z.string(),
  /** Work every model of the family can do (used when the provider reports no capabilities). */
  does: z.array(z.enum(workKinds)).default([]),
});

/** A capability flag as the provider reports it, how to show it, and which work it means. */
const capabilitySchema = z.strictObject({
  flag: z.string(),
  label: z.string(),
  means: z.enum(workKinds).optional(),
});

/**
 * Whether a browser page may call the provider directly, and what a browser can read there.
 * `cors`: `yes` only when a recorded answer (or preflight) shows the API allowing other origins;
 * `unverified` when it is likely but no source shows it; `no` when a source says it is refused.
 * Only `yes` offers "Test from this browser" and puts the provider's origins in the CSP's connect-src.
 */
const browserSchema = z.strictObject({
  cors: z.enum(['yes', 'no', 'unverified']),
  /** Extra request headers a browser must send for the provider to accept the call. */
  headers: z.record(z.string(), z.string()).default({}),
  /** Response headers exposed to browsers (Access-Control-Expose-Headers). */
  exposedHeaders: z.array(z.string()).default([]),
  source: sourceSchema,
});

export const providerSchema = z
  .strictObject({
    /** Full name, e.g. "Mistral AI". */
    name: z.string(),
    /** Name used in running text and headings, e.g. "Mistral". */
    shortName: z.string(),
    /** True when Keyprobe's tester can test keys of this provider (an adapter exists). */
    tester: z.boolean(),
    /** How the key is sent: `Authorization: Bearer <key>` or a custom header carrying the bare key. */
    auth: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('bearer') }),
      z.strictObject({ kind: z.literal('header'), header: z.string() }),
      z.strictObject({ kind: z.literal('token'), header: z.literal('Authorization'), scheme: z.string() }),
    ]),
    /** Headers sent with every call, e.g. `anthropic-version`. */
    fixedHeaders: z.record(z.string(), z.string()).default({}),
    /** Named API origins; the first is the default. */
    endpoints: z.array(endpointSchema).min(1),
    /** The cheapest call that proves a key works, in words (shown on pages). */
    validationCall: z.string(),
    /**
     * Every call the tester can make, by name (`models`, `chat`, `embeddings`, `fim`, or the
     * provider's own); `chatStream` and the like, where streams have their own path.
     */
    calls: z.record(z.string().regex(/^[a-z][A-Za-z]*$/), callSchema).default({}),
    headers: headersSchema.default({ requestId: [], serverTime: [], serverTtft: [], timeUnit: 'ms', servedBy: [], rateLimits: [], resetFormat: 'seconds', rateLimitsOnInferenceOnly: false, rateLimitNotes: {} }),
    /** The checks offered, with the models they try. */
    checks: z.partialRecord(z.enum(checkNames), checkSchema).default({}),
    /** Default benchmark model per work kind. */
    benchmark: z.partialRecord(z.enum(workKinds), z.string()).default({}),
    models: z
      .strictObject({
        families: z.array(familySchema).default([]),
        capabilities: z.array(capabilitySchema).default([]),
      })
      .default({ families: [], capabilities: [] }),
    /** Whether a browser may call the provider's API itself (for "Test from this browser"). */
    browser: browserSchema.optional(),
    keyShapes: z.array(keyShapeSchema).min(1),
    links: z.strictObject({
      /** Where keys are created and revoked. */
      keys: z.url(),
      docs: z.url(),
      /** Status page, when the provider has one. */
      status: z.url().optional(),
      pricing: z.url().optional(),
    }),
    /** When the facts in this file were last checked against their sources. */
    checkedOn: isoDateSchema,
  })
  .superRefine((provider, ctx) => {
    const problem = (message: string, path: (string | number)[]) => ctx.addIssue({ code: 'custom', message, path });
    const calls = Object.keys(provider.calls);
    provider.endpoints.forEach((endpoint, i) => {
      if (provider.tester && !calls.includes(endpoint.validation.call)) {
        problem(`validation call "${endpoint.validation.call}" is not in "calls"`, ['endpoints', i, 'validation', 'call']);
      }
      if (provider.calls[endpoint.validation.call]?.public) {
        problem(`validation call "${endpoint.validation.call}" is public: it cannot prove a key`, ['endpoints', i, 'validation', 'call']);
      }
      for (const id of endpoint.alternatives) {
        if (!provider.endpoints.some((other) => other.id === id && other.id !== endpoint.id)) {
          problem(`alternative "${id}" is not another endpoint`, ['endpoints', i, 'alternatives']);
        }
      }
      for (const name of endpoint.serves ?? []) {
        if (!calls.includes(name)) problem(`serves "${name}", which is not in "calls"`, ['endpoints', i, 'serves']);
      }
    });
    for (const name of calls.filter((n) => n.endsWith('Stream'))) {
      const plain = name.slice(0, -'Stream'.length);
      if (!calls.includes(plain)) problem(`"${name}" streams the "${plain}" call, which is not in "calls"`, ['calls', name]);
    }
    for (const check of Object.keys(provider.checks) as CheckName[]) {
      if (!calls.includes(checkWork[check])) problem(`the ${check} check needs a "${checkWork[check]}" call`, ['checks', check]);
    }
    for (const kind of Object.keys(provider.benchmark) as WorkKind[]) {
      if (!calls.includes(kind)) problem(`a ${kind} benchmark needs a "${kind}" call`, ['benchmark', kind]);
    }
    if (provider.tester && provider.endpoints.some((e) => e.id !== 'default') && provider.endpoints.length === 1) {
      problem('a single endpoint is called "default"', ['endpoints', 0, 'id']);
    }
  });

export type ProviderData = z.infer<typeof providerSchema>;

/** Whether some endpoint of the provider checks a key with a free call (else every test costs money). */
export const hasFreeKeyCheck = (data: Pick<ProviderData, 'endpoints' | 'calls'>): boolean =>
  data.endpoints.some((endpoint) => data.calls[endpoint.validation.call]?.cost === 'free');
