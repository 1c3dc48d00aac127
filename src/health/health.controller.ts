import { Controller, Get, Inject } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { appConfig } from '../common/config/app.config.js';

export interface HealthReport {
  readonly status: 'ok';
  readonly uptimeSeconds: number;
  readonly environment: string;
}

/** Liveness for load balancers and orchestrators. */
@Controller('health')
export class HealthController {
  constructor(@Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>) {}

  @Get()
  check(): HealthReport {
    return { status: 'ok', uptimeSeconds: Math.round(process.uptime()), environment: this.app.nodeEnv };
  }
}
