/** Shows a recorded response body readably: JSON is indented, anything else is kept as written. */
export function prettyBody(body: string, contentType: string | null): string {
  if (body.trim() === '') return '(empty body)';
  if (contentType !== null && !contentType.includes('json')) return body;
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}
