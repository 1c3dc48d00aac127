import 'reflect-metadata';
import type { ClassConstructor } from 'class-transformer';
import {
  IsArray,
  IsNotEmpty,
  IsNumberString,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  ValidateIf,
} from 'class-validator';
import { GraphErrorDto } from './graph-error.dto.js';
import { InteractiveDto } from './interactive-reply.dto.js';
import {
  ButtonDto,
  ContextDto,
  LocationDto,
  MediaDto,
  OrderDto,
  ReactionDto,
  SystemDto,
  TextDto,
} from './message-content.dto.js';
import { Nested, NestedList } from './nested.decorators.js';

/** 1 to 256 printable ASCII characters (space to tilde). */
export const MESSAGE_ID = /^[\x20-\x7e]{1,256}$/;

/**
 * One item of a change's `value.messages`: what every message has, whatever its type. A type we do not model
 * is validated as just this (and maps to `unsupported`); each modelled type has a subclass below that adds
 * its object, as Meta's spec composes `BaseMessageProperties` with one object per type.
 */
export class MessageDto {
  /**
   * `wamid...`: the dedupe key, and part of Redis keys in Redis mode. 1 to 256 printable ASCII characters; a message
   * with any other id is skipped, so no id can be empty, huge or carry control characters into a key or a log.
   */
  @IsString() @Matches(MESSAGE_ID) id!: string;

  /** The sender's phone number. Meta omits it for username-only senders, who carry `from_user_id` instead. */
  @ValidateIf((message: MessageDto) => message.from !== undefined || message.from_user_id === undefined)
  @IsString()
  @IsNotEmpty()
  from?: string;

  /** The sender's business-scoped user id (BSUID, e.g. `US.13491208655302741918`). */
  @IsOptional() @IsString() @IsNotEmpty() from_user_id?: string;

  /** Seconds since the epoch, as a string of digits. */
  @IsNumberString({ no_symbols: true }) timestamp!: string;

  @IsString() @IsNotEmpty() type!: string;

  @IsOptional() @Nested(ContextDto) context?: ContextDto;

  /** Click to WhatsApp ad details, kept as Meta sends them. */
  @IsOptional() @IsObject() referral?: Record<string, unknown>;

  /** Why Meta could not deliver the content (types `unsupported` and `unknown`). */
  @IsOptional()
  @NestedList(GraphErrorDto)
  errors?: GraphErrorDto[];
}

export class TextMessageDto extends MessageDto {
  @Nested(TextDto) text!: TextDto;
}
export class ImageMessageDto extends MessageDto {
  @Nested(MediaDto) image!: MediaDto;
}
export class AudioMessageDto extends MessageDto {
  @Nested(MediaDto) audio!: MediaDto;
}
export class VideoMessageDto extends MessageDto {
  @Nested(MediaDto) video!: MediaDto;
}
export class DocumentMessageDto extends MessageDto {
  @Nested(MediaDto) document!: MediaDto;
}
export class StickerMessageDto extends MessageDto {
  @Nested(MediaDto) sticker!: MediaDto;
}
export class LocationMessageDto extends MessageDto {
  @Nested(LocationDto) location!: LocationDto;
}
export class ContactsMessageDto extends MessageDto {
  /** Shared contact cards (vCard-like objects), kept as Meta sends them. */
  @IsArray() @IsObject({ each: true }) contacts!: Record<string, unknown>[];
}
export class InteractiveMessageDto extends MessageDto {
  @Nested(InteractiveDto) interactive!: InteractiveDto;
}
export class ButtonMessageDto extends MessageDto {
  @Nested(ButtonDto) button!: ButtonDto;
}
export class ReactionMessageDto extends MessageDto {
  @Nested(ReactionDto) reaction!: ReactionDto;
}
export class OrderMessageDto extends MessageDto {
  @Nested(OrderDto) order!: OrderDto;
}
export class SystemMessageDto extends MessageDto {
  @Nested(SystemDto) system!: SystemDto;
}

/** The DTO class of each message type we model, by Meta's `type` value. */
export const MESSAGE_DTO_BY_TYPE: ReadonlyMap<string, ClassConstructor<MessageDto>> = new Map<
  string,
  ClassConstructor<MessageDto>
>([
  ['text', TextMessageDto],
  ['image', ImageMessageDto],
  ['audio', AudioMessageDto],
  ['video', VideoMessageDto],
  ['document', DocumentMessageDto],
  ['sticker', StickerMessageDto],
  ['location', LocationMessageDto],
  ['contacts', ContactsMessageDto],
  ['interactive', InteractiveMessageDto],
  ['button', ButtonMessageDto],
  ['reaction', ReactionMessageDto],
  ['order', OrderMessageDto],
  ['system', SystemMessageDto],
]);

/**
 * The class to validate a raw message with, picked by its `type` before validation: one small class per type
 * is several times cheaper to validate than one class holding every type's object.
 */
export function messageDtoFor(type: unknown): ClassConstructor<MessageDto> {
  return (typeof type === 'string' && MESSAGE_DTO_BY_TYPE.get(type)) || MessageDto;
}
