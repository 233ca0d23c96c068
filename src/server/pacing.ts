/**
 * Keeps a run's calls within the key's own rate limits, so testing a free key (about 1 request a
 * second) does not cause the 429s it is trying to diagnose.
 */

export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/** Margin added to the computed spacing: rate limiters count in whole windows, clocks differ. */
const SAFETY_MS = 50;

/** Spacing between call starts that a requests/minute and tokens/minute budget allows. */
export function callSpacingMs(limits: { requestsPerMinute: number | null; tokensPerMinute: number | null }, tokensPerCall: number): number {
  const byRequests = limits.requestsPerMinute ? 60_000 / limits.requestsPerMinute : 0;
  const byTokens = limits.tokensPerMinute ? (60_000 * tokensPerCall) / limits.tokensPerMinute : 0;
  const spacing = Math.max(byRequests, byTokens);
  return spacing > 0 ? Math.ceil(spacing) + SAFETY_MS : 0;
}

export class Pacer {
  private lastStart = -Infinity;
  private spacing = 0;

  /** Sets the spacing learned from rate-limit headers. */
  setSpacing(ms: number): void {
    this.spacing = ms;
  }

  get spacingMs(): number {
    return this.spacing;
  }

  /** Waits until the next call may start, then records its start. */
  async next(signal: AbortSignal): Promise<void> {
    await sleep(this.lastStart + this.spacing - performance.now(), signal);
    this.lastStart = performance.now();
  }

  /**
   * The moment the call actually went out, when later than the start recorded by next() (the
   * transport may wait for the clock to catch up, or the body take time): the spacing counts from it.
   */
  sent(at: number): void {
    if (at > this.lastStart) this.lastStart = at;
  }
}
