/** A run of text from content data: plain, or code (written between backticks in the source). */
export interface TextRun {
  code: boolean;
  text: string;
}

/**
 * Splits content strings such as "Send `Authorization: Bearer <key>`" into runs, so data fields
 * (causes, fixes, FAQ answers) can mark code without carrying HTML. An unpaired backtick is text.
 */
export function splitInlineCode(text: string): TextRun[] {
  const parts = text.split('`');
  if (parts.length % 2 === 0) return [{ code: false, text }];
  return parts
    .map((part, i) => ({ code: i % 2 === 1, text: part }))
    .filter((run) => run.text.length > 0);
}

/** The same text without the backticks, for places that take plain text (JSON-LD, meta tags). */
export function stripInlineCode(text: string): string {
  return splitInlineCode(text)
    .map((run) => run.text)
    .join('');
}
