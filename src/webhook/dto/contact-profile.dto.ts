import 'reflect-metadata';
import { IsOptional, IsString } from 'class-validator';
import { Nested } from './nested.decorators.js';

export class ProfileDto {
  /** The name the user set in WhatsApp: user-chosen text, not an identity. */
  @IsOptional() @IsString() name?: string;
  /** The user's WhatsApp username, once they adopted one (not stable: users can change it). */
  @IsOptional() @IsString() username?: string;
}

/**
 * One item of a change's `value.contacts`: who sent the messages of that change. Matched to a message by
 * `wa_id` = message `from`, or, for username-only senders (no phone number shared), `user_id` = `from_user_id`.
 */
export class ContactProfileDto {
  @IsOptional() @Nested(ProfileDto) profile?: ProfileDto;
  @IsOptional() @IsString() wa_id?: string;
  /** Business-scoped user id (BSUID). */
  @IsOptional() @IsString() user_id?: string;
}
