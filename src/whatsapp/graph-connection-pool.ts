import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Agent } from 'undici';

/** Open connections per origin, at most: enough for a busy instance, bounded so a burst cannot exhaust sockets. */
const CONNECTIONS_PER_ORIGIN = 64;

/**
 * The keep-alive connections Graph message sends and read receipts go over (`GraphJsonPost`), closed once the
 * application shuts down: requests still in flight finish first. Media calls keep axios's own connections.
 */
@Injectable()
export class GraphConnectionPool implements OnApplicationShutdown {
  readonly dispatcher = new Agent({ connections: CONNECTIONS_PER_ORIGIN });

  async onApplicationShutdown(): Promise<void> {
    await this.dispatcher.close();
  }
}
