import { Module } from '@nestjs/common';
import { FlowsCoreModule } from './core/index.js';
import { flowListModule } from './flow-list.js';
import { FLOWS } from './flows.js';

const flows = flowListModule(FLOWS);

/** The conversation engine and every flow listed in `flows.ts`; AppModule imports it once. */
@Module({ imports: [FlowsCoreModule, ...flows.imports], providers: flows.providers })
export class FlowsModule {}
