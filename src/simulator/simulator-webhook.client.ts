import type { AddressInfo } from 'node:net';
import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { SIMULATOR_NOT_LISTENING, SIMULATOR_WEBHOOK_UNREACHABLE } from '../common/errors/error-messages.js';
import { signBody } from '../webhook/signature.js';
import { SimulatorContext } from './simulator-context.js';
import type { WebhookDelivery } from './simulator.types.js';

/** A webhook answers at once (it only enqueues); this bounds a hung request, e.g. during shutdown. */
export const WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * Posts simulated webhooks to this app's own `POST /webhook` over HTTP on loopback, signed with WP_APP_SECRET
 * when one is set: the same bytes, headers and code path as a delivery from Meta.
 */
@Injectable()
export class SimulatorWebhookClient {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly context: SimulatorContext,
  ) {}

  /** Whether a body will carry `X-Hub-Signature-256`. */
  get signs(): boolean {
    return Boolean(this.context.appSecret);
  }

  /** Posts `raw` exactly as given; resolves with the status `/webhook` answered, or why it could not be reached. */
  async post(raw: string): Promise<Pick<WebhookDelivery, 'status' | 'error'>> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.context.appSecret) headers['x-hub-signature-256'] = signBody(raw, this.context.appSecret);
    let url: string;
    try {
      url = `${this.ownOrigin()}/webhook`;
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers,
        body: raw,
        signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      });
      // Drained so the connection can be reused; the body is only `{"status":"received"}` or an error.
      await response.arrayBuffer();
      return { status: response.status };
    } catch (error) {
      return { error: SIMULATOR_WEBHOOK_UNREACHABLE(error instanceof Error ? error.name : 'unknown error') };
    }
  }

  /** `http://127.0.0.1:<listening port>` (or `[::1]` when the app listens on IPv6 loopback only). */
  private ownOrigin(): string {
    const address = this.adapterHost.httpAdapter?.getHttpServer()?.address() as AddressInfo | string | null | undefined;
    if (!address || typeof address === 'string') throw new Error(SIMULATOR_NOT_LISTENING());
    const host = address.address === '::1' ? '[::1]' : '127.0.0.1';
    return `http://${host}:${address.port}`;
  }
}
