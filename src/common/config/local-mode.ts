/**
 * Local mode is exactly: no `WP_ACCESS_TOKEN` (the bot cannot reach real numbers) and `NODE_ENV` is not
 * `production`. Only there may a webhook arrive unsigned (from loopback), and only there does the server listen on
 * 127.0.0.1 by default. Everything else fails closed.
 */
export function isLocalMode(env: Record<string, string | undefined>): boolean {
  return !env.WP_ACCESS_TOKEN && env.NODE_ENV !== 'production';
}
