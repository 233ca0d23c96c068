/**
 * Reading JSON of unknown shape (providers' answers and error bodies): a plain object, a string, a
 * finite number, the strings of an array. Each gives null (or []) for anything else.
 */
export type Obj = Record<string, unknown>;

export const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A string, the empty one included. */
export const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** A string with something in it: the empty string is as good as none. */
export const nonEmptyStr = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

export const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

export const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
