/** The environment the bench gives the product, wherever it starts it (load targets, memory probes). */

export const BENCH_APP_SECRET = 'bench-app-secret';

export function productEnv(port: number, graphUrl: string, phoneId: string, extra: Record<string, string> = {}) {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    PORT: String(port),
    WP_APP_SECRET: BENCH_APP_SECRET,
    WP_VERIFY_TOKEN: 'bench-verify-token',
    WP_ACCESS_TOKEN: 'bench-access-token',
    WP_PHONE_ID: phoneId,
    GRAPH_API_URL: graphUrl,
    // The outbound rate limiter (when wired) must count, never hold back: the bench measures the service, not
    // Meta's limits, which would cap every row at 80 replies/s.
    RATE_LIMIT_PER_SECOND: '100000',
    RATE_LIMIT_PAIR_BURST: '45',
    RATE_LIMIT_PAIR_INTERVAL_MS: '1',
    // The per-user flood guard still runs (its cost is measured) but must not drop the chatty users' messages.
    USER_MESSAGES_PER_MINUTE: '10000',
    ...extra,
  };
}
