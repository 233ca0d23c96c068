/** Environment that keeps astro, wrangler and miniflare from reaching the internet (see README). */
export const offlineEnv: Record<string, string> = {
  ASTRO_TELEMETRY_DISABLED: '1',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  WRANGLER_SEND_METRICS: 'false',
  WRANGLER_HIDE_BANNER: 'true',
  ASTRO_DISABLE_UPDATE_CHECK: 'true',
  DO_NOT_TRACK: '1',
};
