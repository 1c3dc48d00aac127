import { createHash } from 'node:crypto';
import { isSameToken } from '../common/crypto/same-token.js';

/** The cookie `/simulator?token=` sets, so the page, its assets and its event stream carry the token. */
export const SIMULATOR_COOKIE = 'simulator_token';

/** Host names that only this machine reaches; any port. `[::1]` is how IPv6 loopback appears in a Host header. */
const LOOPBACK_HOST = /^(?:localhost|127\.0\.0\.1|\[::1\])(?::\d{1,5})?$/i;

/** What a request shows of itself for the access decision; every field is as the client sent it. */
export interface AccessRequest {
  readonly host: string | undefined;
  readonly authorization: string | undefined;
  readonly cookie: string | undefined;
  /** `?token=`: only the page itself takes it (to set the cookie), so no other URL ever carries the token. */
  readonly queryToken?: string | undefined;
}

/**
 * `token`: carries the valid SIMULATOR_TOKEN; `loopback`: addressed to this machine and no token is required;
 * `foreign-host`: addressed to another host name (403); `token-required`: the token is required and missing (401).
 */
export type AccessVerdict = 'token' | 'loopback' | 'foreign-host' | 'token-required';

/**
 * Who may use the simulator. A page on another site can make the developer's browser call the simulator under its
 * own host name (DNS rebinding): the browser then sends that name as `Host`, so only loopback names are answered.
 * SIMULATOR_TOKEN lets a request in from any host name (a tunnel, a staging domain), and in production it is
 * required on every request. Rules in order, the first match wins.
 */
export class SimulatorAccess {
  constructor(
    private readonly token: string | undefined,
    readonly tokenRequired: boolean,
  ) {}

  verdict(request: AccessRequest): AccessVerdict {
    if (this.carriesToken(request)) return 'token';
    if (!isLoopbackHost(request.host)) return 'foreign-host';
    if (this.tokenRequired) return 'token-required';
    return 'loopback';
  }

  /** Whether `given` is the SIMULATOR_TOKEN (false when none is configured). */
  isToken(given: string | undefined): boolean {
    return this.token !== undefined && given !== undefined && isSameToken(given, this.token);
  }

  /** The `Set-Cookie` value that lets a browser in: HttpOnly (no script reads it), SameSite=Strict, /simulator only. */
  cookieHeader(secure: boolean): string {
    if (this.token === undefined) throw new Error('SimulatorAccess.cookieHeader needs a SIMULATOR_TOKEN');
    const attributes = ['Path=/simulator', 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])];
    return [`${SIMULATOR_COOKIE}=${cookieValue(this.token)}`, ...attributes].join('; ');
  }

  private carriesToken(request: AccessRequest): boolean {
    if (this.token === undefined) return false;
    const cookie = readCookie(request.cookie, SIMULATOR_COOKIE);
    return (
      this.isToken(bearerToken(request.authorization)) ||
      this.isToken(request.queryToken) ||
      (cookie !== undefined && isSameToken(cookie, cookieValue(this.token)))
    );
  }
}

/** Whether a `Host` header names this machine: localhost, 127.0.0.1 or [::1], with or without a port. */
export function isLoopbackHost(host: string | undefined): boolean {
  return host !== undefined && LOOPBACK_HOST.test(host);
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(authorization: string | undefined): string | undefined {
  return authorization === undefined ? undefined : /^Bearer +(\S+)\s*$/i.exec(authorization)?.[1];
}

/** The value of cookie `name` in a `Cookie` header, or undefined. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const pair of (header ?? '').split(';')) {
    const separator = pair.indexOf('=');
    if (separator > 0 && pair.slice(0, separator).trim() === name) return pair.slice(separator + 1).trim();
  }
  return undefined;
}

/**
 * What the cookie holds: a digest of the token rather than the token, so any token fits the cookie's character set
 * and the token itself never sits in the browser's cookie store.
 */
function cookieValue(token: string): string {
  return createHash('sha256').update(`simulator-cookie:${token}`).digest('base64url');
}
