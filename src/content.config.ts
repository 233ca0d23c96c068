/**
 * Keyprobe's content model. Every fact shown on the site has exactly one home here:
 *
 * - `providers` (JSON): who a provider is, its API origins, how it authenticates, what its keys look
 *   like. Read by pages, by the key-shape detector (island and server, through src/lib/providers.ts)
 *   and by the endpoint's outbound allow-list.
 * - `guides` (MDX): the prose of one provider page (`/<provider>/`).
 * - `errors` (MDX): one entry per provider and error; frontmatter holds the structured facts (real
 *   bodies, causes, fixes), the body explains. Rendered at `/<provider>/errors/<code>/`.
 * - `pricing` (JSON): one price table per provider, used by every price shown anywhere.
 * - `faqs` (YAML): questions and answers per provider (FAQ section, FAQ page, FAQPage JSON-LD).
 * - `articles` (MDX): related reading at `/articles/<slug>/`.
 *
 * Cross-entry invariants (a guide's provider exists, linked error pages exist, ...) are checked by
 * src/lib/content-invariants.ts during the build, which fails naming the offending file.
 */
import { defineCollection, reference } from 'astro:content';
import { glob } from 'astro/loaders';
import { z } from 'astro/zod';
import { verdicts } from './lib/api-contract';

/** A link to where a fact comes from; shown next to the fact. */
const source = z.object({
  /** What the reader will find there, e.g. "Mistral docs: Rate limits & usage tiers". */
  title: z.string().min(3),
  /** Absolute https URL. */
  url: z.url({ protocol: /^https$/ }),
  /**
   * Date of the source as checked (YYYY-MM-DD): the commit of a docs or code file, the post of an
   * issue or comment, the capture of a response. Entry dates (`checkedOn`, `verifiedOn`, `updated`)
   * may not be later than the newest source date recorded for the entry (tests/unit/content-dates.test.ts).
   */
  date: z.iso.date().optional(),
});

/** ISO date (YYYY-MM-DD); kept as a string so it prints exactly as written. */
const isoDate = z.iso.date();

// ---------------------------------------------------------------------------------------------
// providers
// ---------------------------------------------------------------------------------------------

/** One named API origin of a provider. The endpoint accepts only these ids, never a URL. */
export const endpointSchema = z.strictObject({
  /** Id used in the tester request (`"endpoint": "eu"`), e.g. `global`, `eu`, `us`, `codestral`. */
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  /** Label for the endpoint picker, e.g. "Global (api.mistral.ai)". */
  label: z.string(),
  /** Origin only (scheme + host), no path, no trailing slash. */
  origin: z.url({ protocol: /^https$/ }).regex(/^https:\/\/[a-z0-9.-]+$/, 'an origin has no path'),
  /** One sentence for users choosing between endpoints. */
  description: z.string(),
  /** Whether `GET /v1/models` exists there; when false the cheapest validation call is used instead. */
  listsModels: z.boolean(),
});

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
  /** Where the shape is documented or observed. */
  source,
});

const providers = defineCollection({
  loader: glob({ pattern: '*.json', base: './src/content/providers' }),
  schema: z.strictObject({
    /** Full name, e.g. "Mistral AI". */
    name: z.string(),
    /** Name used in running text and headings, e.g. "Mistral". */
    shortName: z.string(),
    /** True when Keyprobe's tester can test keys of this provider today. */
    tester: z.boolean(),
    /** How the key is sent: `Authorization: Bearer <key>` or a custom header carrying the bare key. */
    auth: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('bearer') }),
      z.strictObject({ kind: z.literal('header'), header: z.string() }),
      z.strictObject({ kind: z.literal('token'), header: z.literal('Authorization'), scheme: z.string() }),
    ]),
    /** Named API origins; the first is the default. */
    endpoints: z.array(endpointSchema).min(1),
    /** The cheapest call that proves a key works, as documented or observed (shown on pages). */
    validationCall: z.string(),
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
    checkedOn: isoDate,
  }),
});

// ---------------------------------------------------------------------------------------------
// guides
// ---------------------------------------------------------------------------------------------

const guides = defineCollection({
  loader: glob({ pattern: '*.mdx', base: './src/content/guides' }),
  schema: z.strictObject({
    /** The provider this guide is about; the entry id must equal the provider id. */
    provider: reference('providers'),
    /** Page title and h1, e.g. "Test your Mistral API key". */
    title: z.string(),
    /** The one-line summary under the title; also the meta description. */
    summary: z.string().max(200),
    /** Articles listed under "Related reading", in order. */
    related: z.array(reference('articles')).default([]),
    updated: isoDate,
  }),
});

// ---------------------------------------------------------------------------------------------
// errors
// ---------------------------------------------------------------------------------------------

const errors = defineCollection({
  loader: glob({ pattern: '*/*.mdx', base: './src/content/errors' }),
  schema: z.strictObject({
    provider: reference('providers'),
    /** URL segment: `/mistral/errors/<code>/`, e.g. `401`, `429-quota`, `5xx`, `timeout`. */
    code: z.string().regex(/^[a-z0-9-]+$/),
    /** HTTP status the entry is about, or null when there is no response (timeout). */
    status: z.number().int().min(100).max(599).nullable(),
    /** Short name, e.g. "Unauthorized" ("401 Unauthorized" is built from status + name). */
    name: z.string(),
    /** Page title, e.g. "Mistral 401 Unauthorized: what it means and how to fix it". */
    title: z.string(),
    /** One sentence: what happened. Shown in the guide's errors table and the meta description. */
    summary: z.string().max(220),
    /** The most likely fix in one line, for the errors table. */
    quickFix: z.string().max(160),
    /** Position in the guide's errors table. */
    order: z.number().int(),
    /**
     * Which tester outcomes link to this page. The tester picks a page by the finding's `reason`
     * first (an adapter-specific cause such as `insufficient_quota`), then by the HTTP status,
     * then by the verdict. Read at build time by src/integrations/error-pages.ts; the build fails
     * when a provider with a tester can produce a verdict or reason that no page explains.
     */
    explains: z
      .strictObject({
        verdicts: z.array(z.enum(verdicts)).default([]),
        statuses: z.array(z.number().int().min(100).max(599)).default([]),
        reasons: z.array(z.string().regex(/^[a-z0-9_]+$/)).default([]),
      })
      .default({ verdicts: [], statuses: [], reasons: [] }),
    /** Real response bodies seen for this error, newest first. */
    bodies: z
      .array(
        z.strictObject({
          /** The body exactly as received (pretty-printing is done by the page). */
          body: z.string(),
          /** Null when the report did not show it. */
          contentType: z.string().nullable(),
          /** When it was seen, as precisely as the source allows: YYYY, YYYY-MM or YYYY-MM-DD. */
          seen: z.string().regex(/^\d{4}(-\d{2}){0,2}$/),
          /** Optional context, e.g. "GET /v1/models with a Codestral key". */
          note: z.string().optional(),
          source,
        }),
      )
      .default([]),
    /** Likely causes, most likely first. Backticks mark code. */
    causes: z.array(z.string()).min(1),
    /** Fixes, in the order to try them. Backticks mark code. */
    fixes: z.array(z.string()).min(1),
    /** Further reading and the sources of the statements above. */
    links: z.array(source).default([]),
    updated: isoDate,
  }),
});

// ---------------------------------------------------------------------------------------------
// pricing
// ---------------------------------------------------------------------------------------------

/** Units prices are quoted in. */
export const priceUnits = ['1M tokens', '1K pages', 'minute', '1M characters'] as const;

const pricing = defineCollection({
  loader: glob({ pattern: '*.json', base: './src/content/pricing' }),
  schema: z.strictObject({
    provider: reference('providers'),
    currency: z.literal('USD'),
    /** Where the prices were read; rows may name their own source instead. */
    source,
    /** The date the prices were verified against the source. */
    verifiedOn: isoDate,
    /** Shown under the table, e.g. regional endpoints costing more. */
    notes: z.array(z.string()).default([]),
    models: z
      .array(
        z.strictObject({
          /** Marketing name, e.g. "Mistral Large 3". */
          name: z.string(),
          /** API ids, the pinned id first, then aliases (e.g. `-latest`). */
          ids: z.array(z.string()).min(1),
          /** Family as the tester groups models (Large, Medium, Small, Ministral, Codestral, ...). */
          family: z.string(),
          /** What it is for, in a few words, e.g. "chat, function calling". */
          use: z.string(),
          status: z.enum(['ga', 'preview', 'deprecated']),
          /** Deprecation facts; the page says "retired" once `retires` has passed. */
          deprecation: z
            .strictObject({ announced: isoDate, retires: isoDate, replacement: z.string() })
            .optional(),
          unit: z.enum(priceUnits),
          /** USD per unit of input; null when the model is free or has no input price. */
          input: z.number().nonnegative().nullable(),
          /** USD per unit of output; null when there is no output price (embeddings, OCR). */
          output: z.number().nonnegative().nullable(),
          /** True when the provider lists the model as free to use. */
          free: z.boolean().default(false),
          /** Row-specific source and verification date, when they differ from the table's. */
          source: source.optional(),
          verifiedOn: isoDate.optional(),
        }),
      )
      .min(1),
  }),
});

// ---------------------------------------------------------------------------------------------
// faqs
// ---------------------------------------------------------------------------------------------

const faqs = defineCollection({
  loader: glob({ pattern: '*.yaml', base: './src/content/faqs' }),
  schema: z.strictObject({
    provider: reference('providers'),
    items: z
      .array(
        z.strictObject({
          question: z.string().endsWith('?'),
          /** Plain text (it also goes into FAQPage JSON-LD); backticks mark code. */
          answer: z.string(),
          /** An optional link for more, e.g. to an error page. */
          link: z.strictObject({ href: z.string(), text: z.string() }).optional(),
        }),
      )
      .min(1),
  }),
});

// ---------------------------------------------------------------------------------------------
// articles
// ---------------------------------------------------------------------------------------------

const articles = defineCollection({
  loader: glob({ pattern: '*.mdx', base: './src/content/articles' }),
  schema: z.strictObject({
    title: z.string(),
    description: z.string().max(220),
    published: isoDate,
    updated: isoDate,
    /** Providers the article is about; empty for general articles. */
    providers: z.array(reference('providers')).default([]),
    /** Sources of the facts in the article. */
    sources: z.array(source).min(1),
  }),
});

export const collections = { providers, guides, errors, pricing, faqs, articles };
