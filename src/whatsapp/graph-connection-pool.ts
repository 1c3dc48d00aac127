import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Agent } from 'undici';

/** Open connections per origin, at most: enough for a busy instance, bounded so a burst cannot exhaust sockets. */
const CONNECTIONS_PER_ORIGIN = 64;

/**
 * The keep-alive connections the Graph client sends its plain calls over (see pooled-http.adapter.ts), closed
 * once the application shuts down: requests still in flight finish first.
 */
@Injectable()
export class GraphConnectionPool implements OnApplicationShutdown {
  readonly dispatcher = new Agent({ connections: CONNECTIONS_PER_ORIGIN });

  async onApplicationShutdown(): Promise<void> {
    await this.dispatcher.close();
  }
}
