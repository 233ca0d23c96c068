/**
 * Error hubs: one page per HTTP status (`/errors/429/`) listing that status's page for every
 * provider, so a bare "429" or "Unauthorized" has one right first search result however many
 * providers there are. Server errors share one hub (`5xx`, as the providers' own pages do) and
 * errors without a response share `timeout`. Pure: pages and the content checks both use it.
 */

/** What a hub needs to know about one error page. */
export interface HubEntry {
  provider: string;
  code: string;
  status: number | null;
  name: string;
  summary: string;
  /** Position in the provider's errors table, which orders a provider's pages within a hub too. */
  order: number;
}

export interface Hub {
  /** URL segment: `429`, `5xx`, `timeout`. */
  id: string;
  /** The status and its standard reason phrase, e.g. "429 Too Many Requests". */
  label: string;
  /** An older or common name for the same status that people search for, if any. */
  aka: string | null;
  entries: HubEntry[];
}

/**
 * Reason phrases from RFC 9110 (and RFC 6585 for 429). A page with a status missing here stops
 * the build, so every hub has a name people would search for.
 */
const reasonPhrases: Record<number, { phrase: string; aka?: string }> = {
  400: { phrase: 'Bad Request' },
  401: { phrase: 'Unauthorized' },
  402: { phrase: 'Payment Required' },
  403: { phrase: 'Forbidden' },
  404: { phrase: 'Not Found' },
  405: { phrase: 'Method Not Allowed' },
  408: { phrase: 'Request Timeout' },
  409: { phrase: 'Conflict' },
  412: { phrase: 'Precondition Failed' },
  413: { phrase: 'Content Too Large', aka: 'Payload Too Large' },
  422: { phrase: 'Unprocessable Content', aka: 'Unprocessable Entity' },
  429: { phrase: 'Too Many Requests' },
};

/** The hub an error page belongs to. */
export function hubId(error: { status: number | null }): string {
  if (error.status === null) return 'timeout';
  if (error.status >= 500) return '5xx';
  return String(error.status);
}

function hubName(id: string): { label: string; aka: string | null } {
  if (id === '5xx') return { label: '5xx Server errors', aka: null };
  if (id === 'timeout') return { label: 'Timeouts and no response', aka: null };
  const reason = reasonPhrases[Number(id)];
  if (!reason) throw new Error(`No reason phrase for HTTP status ${id}: add it to src/lib/error-hubs.ts`);
  return { label: `${id} ${reason.phrase}`, aka: reason.aka ?? null };
}

/** Client errors by status, then server errors, then timeouts: the order of a status line. */
const hubRank = (id: string) => (id === '5xx' ? 600 : id === 'timeout' ? 700 : Number(id));

/**
 * Groups error pages into hubs. `providerOrder` lists provider ids in the order pages show them
 * (testable first); within a provider, pages keep their errors-table order.
 */
export function buildHubs(errors: HubEntry[], providerOrder: string[]): Hub[] {
  const rank = new Map(providerOrder.map((id, i) => [id, i]));
  const byHub = new Map<string, HubEntry[]>();
  for (const error of errors) {
    const id = hubId(error);
    byHub.set(id, [...(byHub.get(id) ?? []), error]);
  }
  return [...byHub.entries()]
    .sort(([a], [b]) => hubRank(a) - hubRank(b))
    .map(([id, entries]) => ({
      id,
      ...hubName(id),
      entries: entries.sort(
        (a, b) => (rank.get(a.provider) ?? Infinity) - (rank.get(b.provider) ?? Infinity) || a.provider.localeCompare(b.provider) || a.order - b.order,
      ),
    }));
}
