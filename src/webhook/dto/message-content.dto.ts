import { IsArray, IsBoolean, IsNotEmpty, IsNumber, IsObject, IsOptional, IsString } from 'class-validator';

/** `text` of a `text` message. */
export class TextDto {
  @IsString() body!: string;
}

/**
 * The object of an `image`, `audio`, `video`, `document` or `sticker` message. One class for the five:
 * they share `id`, `mime_type` and `sha256`, and each adds an optional field or two.
 */
export class MediaDto {
  /** Media id: GET /{id} on the Graph API returns a short-lived download URL. */
  @IsString() @IsNotEmpty() id!: string;
  @IsOptional() @IsString() mime_type?: string;
  @IsOptional() @IsString() sha256?: string;
  /** image, video, document. */
  @IsOptional() @IsString() caption?: string;
  /** document. */
  @IsOptional() @IsString() filename?: string;
  /** audio: recorded with the app's voice-note button. */
  @IsOptional() @IsBoolean() voice?: boolean;
  /** sticker. */
  @IsOptional() @IsBoolean() animated?: boolean;
}

export class LocationDto {
  @IsNumber({ allowNaN: false, allowInfinity: false }) latitude!: number;
  @IsNumber({ allowNaN: false, allowInfinity: false }) longitude!: number;
  @IsOptional() @IsString() name?: string;
  @IsOptional() @IsString() address?: string;
  @IsOptional() @IsString() url?: string;
}

/** `button` of a `button` message: a tapped quick-reply button of a template. */
export class ButtonDto {
  @IsString() payload!: string;
  @IsString() text!: string;
}

/** `reaction` of a `reaction` message. Meta sends no (or an empty) `emoji` when the user removed a reaction. */
export class ReactionDto {
  @IsString() @IsNotEmpty() message_id!: string;
  @IsOptional() @IsString() emoji?: string;
}

/** `order` of an `order` message (a cart sent from a catalog). Items are kept as Meta sends them. */
export class OrderDto {
  @IsString() catalog_id!: string;
  @IsOptional() @IsString() text?: string;
  @IsArray() @IsObject({ each: true }) product_items!: Record<string, unknown>[];
}

/** `system` of a `system` message, e.g. `user_changed_number`. */
export class SystemDto {
  @IsOptional() @IsString() body?: string;
  @IsOptional() @IsString() type?: string;
  /** The new wa_id, as Meta's v23.0 spec names it. */
  @IsOptional() @IsString() wa_id?: string;
  /** The same, as older payloads and docs name it. */
  @IsOptional() @IsString() new_wa_id?: string;
  /** `user_changed_user_id`: the user's new business-scoped user id (BSUID)... */
  @IsOptional() @IsString() user_id?: string;
  /** ...and the one it replaces. */
  @IsOptional() @IsString() previous_user_id?: string;
}

/** `context` of a reply (`id` of the replied message), a forward, or a "Message business" product inquiry. */
export class ContextDto {
  @IsOptional() @IsString() id?: string;
  @IsOptional() @IsString() from?: string;
  @IsOptional() @IsBoolean() forwarded?: boolean;
  @IsOptional() @IsBoolean() frequently_forwarded?: boolean;
  @IsOptional() @IsObject() referred_product?: Record<string, unknown>;
}
