import { Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';

/**
 * Whether this instance should get traffic: not while booting, and not from the moment shutdown begins (SIGTERM),
 * so a load balancer stops sending before the server closes. Liveness is separate: a draining process is alive.
 */
@Injectable()
export class Readiness implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private phase: 'booting' | 'serving' | 'stopping' = 'booting';

  get ready(): boolean {
    return this.phase === 'serving';
  }

  onApplicationBootstrap(): void {
    if (this.phase === 'booting') this.phase = 'serving';
  }

  /** Called by main.ts on SIGTERM before anything closes; Nest's shutdown hooks call it too. */
  beginShutdown(): void {
    this.phase = 'stopping';
  }

  beforeApplicationShutdown(): void {
    this.beginShutdown();
  }
}
