import 'reflect-metadata';
import { IsBoolean, IsNotEmpty, IsNumberString, IsOptional, IsString } from 'class-validator';
import { GraphErrorDto } from './graph-error.dto.js';
import { Nested, NestedList } from './nested.decorators.js';

export class ConversationOriginDto {
  /** e.g. `service`, `utility`, `marketing`, `authentication`, `referral_conversion`. */
  @IsOptional() @IsString() type?: string;
}

export class ConversationDto {
  @IsOptional() @IsString() id?: string;
  /** Seconds since the epoch, as a string of digits. */
  @IsOptional() @IsNumberString({ no_symbols: true }) expiration_timestamp?: string;
  @IsOptional() @Nested(ConversationOriginDto) origin?: ConversationOriginDto;
}

export class PricingDto {
  @IsOptional() @IsBoolean() billable?: boolean;
  /** `CBP` (per conversation, retired) or `PMP` (per message). */
  @IsOptional() @IsString() pricing_model?: string;
  @IsOptional() @IsString() category?: string;
  /** PMP only: `regular`, `free_customer_service`, `free_entry_point`. */
  @IsOptional() @IsString() type?: string;
}

/** One item of a change's `value.statuses`: what became of a message the business sent. */
export class StatusDto {
  /** The `wamid...` of the outbound message. */
  @IsString() @IsNotEmpty() id!: string;
  /** `sent`, `delivered`, `read`, `failed` (kept open: Meta adds values such as `played`). */
  @IsString() @IsNotEmpty() status!: string;
  @IsNumberString({ no_symbols: true }) timestamp!: string;
  /** The recipient's phone number; omitted when the message went to a username-only user by BSUID. */
  @IsOptional() @IsString() recipient_id?: string;
  /** The recipient's business-scoped user id (BSUID). */
  @IsOptional() @IsString() recipient_user_id?: string;
  @IsOptional() @Nested(ConversationDto) conversation?: ConversationDto;
  @IsOptional() @Nested(PricingDto) pricing?: PricingDto;

  @IsOptional()
  @NestedList(GraphErrorDto)
  errors?: GraphErrorDto[];
}
