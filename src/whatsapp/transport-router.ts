import { MessageTransport, type GraphMessagesRequest, type GraphMessagesResponse } from './message-transport.port.js';

/** A transport that takes the bodies `claims` accepts, instead of the default one. */
export interface TransportDiversion {
  claims(body: GraphMessagesRequest): boolean;
  readonly transport: MessageTransport;
}

/**
 * The `MessageTransport` every sender gets: the transport chosen at boot, unless a diversion registered at boot
 * claims the body. This is how a dev tool (the simulator beside a real token) takes its own users' messages
 * without the WhatsApp module knowing about it: dependencies point one way, from the tool to this module.
 */
export class TransportRouter extends MessageTransport {
  private readonly diversions: TransportDiversion[] = [];

  constructor(private readonly fallback: MessageTransport) {
    super();
  }

  divert(diversion: TransportDiversion): void {
    this.diversions.push(diversion);
  }

  override post(body: GraphMessagesRequest): Promise<GraphMessagesResponse> {
    for (const diversion of this.diversions) if (diversion.claims(body)) return diversion.transport.post(body);
    return this.fallback.post(body);
  }
}
