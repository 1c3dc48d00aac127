import type { ExecutionContext } from '@nestjs/common';
import { signBody } from './signature.js';
import { SignatureGuard } from './signature.guard.js';
import { WebhookRefusedException } from './webhook-refusal.js';

const RAW = Buffer.from('{"object":"whatsapp_business_account","entry":[]}');

function contextFor(remoteAddress: string, headers: Record<string, string> = {}): ExecutionContext {
  const request = { socket: { remoteAddress }, headers, rawBody: RAW };
  return { switchToHttp: () => ({ getRequest: () => request }) } as unknown as ExecutionContext;
}

function refusalOf(guard: SignatureGuard, context: ExecutionContext): { status: number; reason: string } | undefined {
  try {
    guard.canActivate(context);
    return undefined;
  } catch (error) {
    if (!(error instanceof WebhookRefusedException)) throw error;
    return { status: error.getStatus(), reason: error.reason };
  }
}

describe('SignatureGuard', () => {
  describe('local mode without a secret', () => {
    const guard = new SignatureGuard({ appSecret: undefined, verifyToken: undefined, localMode: true });

    it.each(['127.0.0.1', '::1', '::ffff:127.0.0.1'])('lets an unsigned webhook from %s through', (address) => {
      expect(refusalOf(guard, contextFor(address))).toBeUndefined();
    });

    it.each(['10.0.0.5', '192.168.1.20', '::ffff:172.17.0.1', '2001:db8::1'])(
      'refuses an unsigned webhook from %s with 401',
      (address) => {
        expect(refusalOf(guard, contextFor(address))).toEqual({
          status: 401,
          reason: 'unsigned webhook from outside this machine',
        });
      },
    );

    it('ignores X-Forwarded-For: only the socket says where a request came from', () => {
      expect(refusalOf(guard, contextFor('10.0.0.5', { 'x-forwarded-for': '127.0.0.1' }))).toBeDefined();
    });
  });

  it('refuses unsigned webhooks even from loopback outside local mode, whatever else is set', () => {
    const guard = new SignatureGuard({ appSecret: undefined, verifyToken: undefined, localMode: false });
    expect(refusalOf(guard, contextFor('127.0.0.1'))).toEqual({
      status: 401,
      reason: 'unsigned webhook from outside this machine',
    });
  });

  describe('with a secret', () => {
    const guard = new SignatureGuard({ appSecret: 'secret', verifyToken: undefined, localMode: true });

    it('checks the signature even from loopback in local mode', () => {
      expect(refusalOf(guard, contextFor('127.0.0.1'))).toEqual({ status: 401, reason: 'missing signature' });
      expect(refusalOf(guard, contextFor('127.0.0.1', { 'x-hub-signature-256': 'sha256=zz' }))).toEqual({
        status: 401,
        reason: 'bad signature format',
      });
      expect(refusalOf(guard, contextFor('127.0.0.1', { 'x-hub-signature-256': signBody(RAW, 'other') }))).toEqual({
        status: 401,
        reason: 'signature mismatch',
      });
    });

    it('lets a valid signature through from anywhere', () => {
      expect(
        refusalOf(guard, contextFor('10.0.0.5', { 'x-hub-signature-256': signBody(RAW, 'secret') })),
      ).toBeUndefined();
    });
  });
});
