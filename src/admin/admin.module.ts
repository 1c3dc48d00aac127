import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { InboundModule } from '../inbound/inbound.module.js';
import { AdminController } from './admin.controller.js';
import { AdminTokenGuard } from './admin-token.guard.js';
import { adminConfig } from './admin.config.js';
import { FailedAttempts } from './failed-attempts.js';

/** Operator endpoints (the dead-letter queue), behind ADMIN_TOKEN. */
@Module({
  imports: [ConfigModule.forFeature(adminConfig), InboundModule],
  controllers: [AdminController],
  // One counter per app: failed attempts are counted per process, and tests boot several apps.
  providers: [AdminTokenGuard, { provide: FailedAttempts, useFactory: () => new FailedAttempts() }],
})
export class AdminModule {}
