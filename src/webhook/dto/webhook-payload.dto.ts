import 'reflect-metadata';
import { IsString } from 'class-validator';
import { EntryDto } from './entry.dto.js';
import { NestedList } from './nested.decorators.js';

/**
 * The body Meta POSTs to the webhook, validated as a whole: one bad message anywhere fails it.
 *
 * That is right for tests and tooling, and wrong for the webhook itself: do not put this class behind a
 * `ValidationPipe`. Meta batches many updates in one POST and retries the POST until it gets a 200, so a
 * whole-body rejection would lose every good message beside the bad one. The webhook calls
 * `mapWebhookPayload`, which validates message by message with these same classes.
 */
export class WebhookPayloadDto {
  /** `whatsapp_business_account` for WhatsApp; the same app can receive other objects (`page`, `instagram`). */
  @IsString() object!: string;

  @NestedList(EntryDto)
  entry!: EntryDto[];
}
