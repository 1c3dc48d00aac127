import 'reflect-metadata';
import { plainToInstance, Transform } from 'class-transformer';
import { IsArray, IsInstance, IsNotEmpty, IsOptional, IsString, ValidateNested } from 'class-validator';
import { ContactProfileDto } from './contact-profile.dto.js';
import { GraphErrorDto } from './graph-error.dto.js';
import { isRecord } from '../../common/is-record.js';
import { MessageDto, messageDtoFor } from './message.dto.js';
import { StatusDto } from './status.dto.js';
import { Nested, NestedList } from './nested.decorators.js';

/** The business number a change is about. */
export class MetadataDto {
  @IsOptional() @IsString() display_phone_number?: string;
  /** The id replies must be sent from (`POST /{phone_number_id}/messages`). */
  @IsString() @IsNotEmpty() phone_number_id!: string;
}

/**
 * `value` of a change whose `field` is `messages`. One change may carry messages (with their senders in
 * `contacts`), statuses of sent messages, or errors not tied to a message; `system` messages come without
 * `contacts`.
 */
export class ChangeValueDto {
  @IsString() messaging_product!: string;
  @Nested(MetadataDto) metadata!: MetadataDto;

  @IsOptional()
  @NestedList(ContactProfileDto)
  contacts?: ContactProfileDto[];

  /**
   * Each message becomes the class of its `type`. Not class-transformer's `discriminator`: it throws on a null
   * item, and deletes `type` from the input unless told not to.
   */
  @IsOptional()
  @IsArray()
  @IsInstance(MessageDto, { each: true })
  @ValidateNested({ each: true })
  @Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? value.map(toTypedMessage) : value), {
    toClassOnly: true,
  })
  messages?: MessageDto[];

  @IsOptional()
  @NestedList(StatusDto)
  statuses?: StatusDto[];

  @IsOptional()
  @NestedList(GraphErrorDto)
  errors?: GraphErrorDto[];
}

/** Anything but an object stays as it is, for validation to reject. */
function toTypedMessage(item: unknown): unknown {
  if (!isRecord(item)) return item;
  return plainToInstance(messageDtoFor(item.type), item);
}
