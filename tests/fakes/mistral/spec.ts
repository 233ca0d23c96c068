// Request validation for the fake, driven by Mistral's own OpenAPI 3.1 spec
// (tests/fixtures/mistral/openapi.yaml, see tests/fixtures/mistral/SOURCES.md).
// Violations are reported the way Mistral's FastAPI/pydantic backend does (FACTS §3.2).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import YAML from 'yaml';

export const SPEC_PATH = fileURLToPath(new URL('../../fixtures/mistral/openapi.yaml', import.meta.url));
export const MODELS_FIXTURE_PATH = fileURLToPath(
  new URL('../../fixtures/mistral/models_list_2025-12-30_transcribed.json', import.meta.url),
);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

export interface PydanticError {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

export type RequestSchemaName = 'ChatCompletionRequest' | 'FIMCompletionRequest' | 'EmbeddingRequest';

export interface RequestValidators {
  validate(name: RequestSchemaName, body: unknown): PydanticError[];
}

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** All `x-…` extension keys used anywhere in a document (so ajv's strict mode knows them). */
export function extensionKeywords(doc: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(doc)) for (const v of doc) extensionKeywords(v, out);
  else if (isObject(doc)) {
    for (const [k, v] of Object.entries(doc)) {
      if (k.startsWith('x-')) out.add(k);
      extensionKeywords(v, out);
    }
  }
  return out;
}

let cached: RequestValidators | undefined;

/**
 * Server-side validators. The spec's discriminated unions (`oneOf` + `discriminator.mapping`) are
 * rewritten for ajv's `discriminator` support, which has no `mapping`: the mapping is checked
 * against each variant's `const` tag, dropped, and the tag is made required in each variant — as
 * a pydantic discriminated union does (a missing tag is `union_tag_not_found`). Nothing else changes.
 */
export function requestValidators(): RequestValidators {
  if (cached) return cached;
  const spec = YAML.parse(readFileSync(SPEC_PATH, 'utf8')) as JsonObject;
  const components = spec['components'];
  if (!isObject(components) || !isObject(components['schemas'])) throw new Error('spec without components.schemas');
  const schemas = structuredClone(components['schemas']);

  const resolve = (s: Json): JsonObject | undefined => {
    if (!isObject(s)) return undefined;
    const ref = s['$ref'];
    if (typeof ref === 'string') {
      const m = /^#\/components\/schemas\/(.+)$/.exec(ref);
      const target = m?.[1] !== undefined ? schemas[m[1]] : undefined;
      return isObject(target) ? target : undefined;
    }
    return s;
  };
  const rewrite = (node: Json): void => {
    if (Array.isArray(node)) { for (const v of node) rewrite(v); return; }
    if (!isObject(node)) return;
    const d = node['discriminator'];
    const oneOf = node['oneOf'];
    if (isObject(d) && Array.isArray(oneOf) && typeof d['propertyName'] === 'string') {
      const tag = d['propertyName'];
      const mapping = isObject(d['mapping']) ? d['mapping'] : {};
      for (const [value, ref] of Object.entries(mapping)) {
        const target = resolve({ $ref: ref });
        const props = target?.['properties'];
        let tagSchema = isObject(props) ? props[tag] : undefined;
        if (isObject(props) && isObject(tagSchema) && typeof tagSchema['$ref'] === 'string') {
          // e.g. Tool.type = {$ref: ToolTypes} (an enum): inline it, ajv needs const/enum in place.
          const { $ref: _ignored, ...rest } = tagSchema;
          tagSchema = { ...resolve(tagSchema), ...rest };
          props[tag] = tagSchema;
        }
        const ok = isObject(tagSchema)
          && (tagSchema['const'] === value || (Array.isArray(tagSchema['enum']) && tagSchema['enum'].includes(value)));
        if (!target || !ok) {
          throw new Error(`discriminator mapping ${value} -> ${String(ref)} does not match the variant's tag`);
        }
      }
      delete d['mapping'];
      for (const variant of oneOf) {
        const target = resolve(variant);
        if (!target) continue;
        const req = Array.isArray(target['required']) ? target['required'] : [];
        if (!req.includes(tag)) target['required'] = [...req, tag];
      }
    }
    for (const v of Object.values(node)) rewrite(v);
  };
  rewrite(schemas);

  const ajv = new Ajv2020({ discriminator: true, allErrors: true, strict: true, strictTypes: false, strictRequired: false });
  addFormats(ajv);
  for (const k of ['example', 'components', ...extensionKeywords(schemas)]) ajv.addKeyword(k);
  ajv.addSchema({ $id: 'mistral', components: { schemas } });
  const fns = new Map<RequestSchemaName, ValidateFunction>();
  for (const n of ['ChatCompletionRequest', 'FIMCompletionRequest', 'EmbeddingRequest'] as const) {
    const fn = ajv.getSchema(`mistral#/components/schemas/${n}`);
    if (!fn) throw new Error(`schema ${n} not found`);
    fns.set(n, fn);
  }
  cached = {
    validate(name, body) {
      const fn = fns.get(name);
      if (!fn) throw new Error(`no validator ${name}`);
      if (fn(body)) return [];
      return toPydantic(fn.errors ?? [], body);
    },
  };
  return cached;
}

function valueAt(root: unknown, segments: string[]): unknown {
  let cur: unknown = root;
  for (const s of segments) {
    if (Array.isArray(cur)) cur = cur[Number(s)];
    else if (isObject(cur)) cur = cur[s];
    else return undefined;
  }
  return cur;
}

function locOf(root: unknown, instancePath: string): (string | number)[] {
  const segs = instancePath === '' ? [] : instancePath.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const loc: (string | number)[] = ['body'];
  for (let i = 0; i < segs.length; i++) {
    const parent = valueAt(root, segs.slice(0, i));
    const seg = segs[i] ?? '';
    loc.push(Array.isArray(parent) ? Number(seg) : seg);
  }
  return loc;
}

function pyRepr(v: unknown): string {
  return typeof v === 'string' ? `'${v}'` : JSON.stringify(v);
}

function orList(values: unknown[]): string {
  const r = values.map(pyRepr);
  if (r.length <= 1) return r.join('');
  return `${r.slice(0, -1).join(', ')} or ${r[r.length - 1]}`;
}

const TYPE_ERRORS: Record<string, [string, string]> = {
  string: ['string_type', 'Input should be a valid string'],
  integer: ['int_type', 'Input should be a valid integer'],
  number: ['float_type', 'Input should be a valid number'],
  boolean: ['bool_type', 'Input should be a valid boolean'],
  array: ['list_type', 'Input should be a valid list'],
  object: ['dict_type', 'Input should be a valid dictionary'],
};

/** Map ajv errors to pydantic v2 error items (`type`, `loc`, `msg`, `input`, `ctx`). */
export function toPydantic(errors: ErrorObject[], body: unknown): PydanticError[] {
  const out: PydanticError[] = [];
  const seen = new Set<string>();
  const push = (e: PydanticError): void => {
    const k = `${JSON.stringify(e.loc)}|${e.type}`;
    if (seen.has(k)) return;
    seen.add(k);
    out.push(e);
  };
  for (const e of errors) {
    const loc = locOf(body, e.instancePath);
    const input = valueAt(body, loc.slice(1).map(String));
    const p = e.params as Record<string, unknown>;
    switch (e.keyword) {
      case 'additionalProperties': {
        const prop = String(p['additionalProperty']);
        push({ type: 'extra_forbidden', loc: [...loc, prop], msg: 'Extra inputs are not permitted', input: isObject(input) ? input[prop] : undefined });
        break;
      }
      case 'required':
        push({ type: 'missing', loc: [...loc, String(p['missingProperty'])], msg: 'Field required', input });
        break;
      case 'type': {
        const t = String(p['type']);
        if (t === 'null') break; // the `null` arm of an Optional[...] union is not reported by pydantic
        const [type, msg] = TYPE_ERRORS[t.split(',')[0] ?? ''] ?? ['type_error', `Input should be of type ${t}`];
        push({ type, loc, msg, input });
        break;
      }
      case 'minimum':
        push({ type: 'greater_than_equal', loc, msg: `Input should be greater than or equal to ${String(p['limit'])}`, input, ctx: { ge: p['limit'] } });
        break;
      case 'maximum':
        push({ type: 'less_than_equal', loc, msg: `Input should be less than or equal to ${String(p['limit'])}`, input, ctx: { le: p['limit'] } });
        break;
      case 'exclusiveMinimum':
        push({ type: 'greater_than', loc, msg: `Input should be greater than ${String(p['limit'])}`, input, ctx: { gt: p['limit'] } });
        break;
      case 'exclusiveMaximum':
        push({ type: 'less_than', loc, msg: `Input should be less than ${String(p['limit'])}`, input, ctx: { lt: p['limit'] } });
        break;
      case 'enum': {
        const expected = orList(Array.isArray(p['allowedValues']) ? p['allowedValues'] : []);
        push({ type: 'enum', loc, msg: `Input should be ${expected}`, input, ctx: { expected } });
        break;
      }
      case 'const': {
        const expected = pyRepr(p['allowedValue']);
        push({ type: 'literal_error', loc, msg: `Input should be ${expected}`, input, ctx: { expected } });
        break;
      }
      case 'minItems': {
        const n = Number(p['limit']);
        const len = Array.isArray(input) ? input.length : 0;
        push({ type: 'too_short', loc, msg: `List should have at least ${n} item${n === 1 ? '' : 's'} after validation, not ${len}`, input, ctx: { field_type: 'List', min_length: n, actual_length: len } });
        break;
      }
      case 'maxItems': {
        const n = Number(p['limit']);
        const len = Array.isArray(input) ? input.length : 0;
        push({ type: 'too_long', loc, msg: `List should have at most ${n} item${n === 1 ? '' : 's'} after validation, not ${len}`, input, ctx: { field_type: 'List', max_length: n, actual_length: len } });
        break;
      }
      case 'minLength':
        push({ type: 'string_too_short', loc, msg: `String should have at least ${String(p['limit'])} characters`, input, ctx: { min_length: p['limit'] } });
        break;
      case 'maxLength':
        push({ type: 'string_too_long', loc, msg: `String should have at most ${String(p['limit'])} characters`, input, ctx: { max_length: p['limit'] } });
        break;
      case 'pattern':
        push({ type: 'string_pattern_mismatch', loc, msg: `String should match pattern '${String(p['pattern'])}'`, input, ctx: { pattern: p['pattern'] } });
        break;
      case 'discriminator': {
        const tag = String(p['tag']);
        if (p['error'] === 'tag') {
          push({ type: 'union_tag_not_found', loc, msg: `Unable to extract tag using discriminator '${tag}'`, input, ctx: { discriminator: `'${tag}'` } });
        } else {
          push({ type: 'union_tag_invalid', loc, msg: `Input tag ${pyRepr(p['tagValue'])} found using '${tag}' does not match any of the expected tags`, input, ctx: { discriminator: `'${tag}'`, tag: String(p['tagValue']) } });
        }
        break;
      }
      case 'anyOf':
      case 'oneOf':
      case 'if':
      case 'not':
        break; // aggregate errors; their branches are reported individually
      default:
        push({ type: 'value_error', loc, msg: `Value error, ${e.message ?? 'invalid value'}`, input });
    }
  }
  return out;
}
