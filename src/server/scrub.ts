/**
 * Makes provider text safe to show: providers sometimes repeat the key, or part of it, in error
 * messages. The key, and any key-like token sharing 8 or more consecutive characters with it, is
 * replaced.
 */

const MAX_PROVIDER_TEXT = 300;
const FRAGMENT = 8;

/** Words of plain text ("Unauthorized") are not key fragments, even when a key happens to contain them. */
function keyLike(token: string): boolean {
  return /\d/.test(token) || /[a-z][A-Z]|[A-Z]{2}[a-z]/.test(token.slice(1)) || token.length >= 20;
}

function sharesFragment(token: string, key: string): boolean {
  for (let i = 0; i + FRAGMENT <= token.length; i++) {
    if (key.includes(token.slice(i, i + FRAGMENT))) return true;
  }
  return false;
}

export function scrubKey(text: string, key: string): string {
  let safe = key.length > 0 ? text.split(key).join('[your key]') : text;
  if (key.length >= FRAGMENT) {
    safe = safe.replace(/[^\s"'`,;:()[\]{}<>]{8,}/g, (token) => (keyLike(token) && sharesFragment(token, key) ? '[part of your key]' : token));
  }
  return safe.length > MAX_PROVIDER_TEXT ? `${safe.slice(0, MAX_PROVIDER_TEXT)}…` : safe;
}
