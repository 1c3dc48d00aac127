import { isIPv4 } from 'node:net';

/**
 * Whether a peer address is this machine: 127.0.0.0/8, ::1, or an IPv4-mapped loopback (`::ffff:127.x.y.z`, what a
 * dual-stack socket reports). The peer address of the TCP socket, never a forwarded header: those can be forged.
 */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  if (address === '::1') return true;
  const v4 = address.toLowerCase().startsWith('::ffff:') ? address.slice(7) : address;
  return isIPv4(v4) && v4.startsWith('127.');
}
