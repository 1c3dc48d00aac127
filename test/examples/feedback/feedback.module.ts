import { Module } from '@nestjs/common';
import { FlowsCoreModule } from '../../../src/flows/core/index.js';
import { FeedbackFlow } from './feedback.flow.js';

@Module({ imports: [FlowsCoreModule], providers: [FeedbackFlow] })
export class FeedbackModule {}
