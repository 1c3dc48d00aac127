import 'reflect-metadata';
import { IsNotEmpty, IsOptional, IsString, ValidateIf } from 'class-validator';
import { Nested } from './nested.decorators.js';

/** A tapped reply button. */
export class ButtonReplyDto {
  @IsString() @IsNotEmpty() id!: string;
  @IsString() title!: string;
}

/** A chosen list row. */
export class ListReplyDto {
  @IsString() @IsNotEmpty() id!: string;
  @IsString() title!: string;
  @IsOptional() @IsString() description?: string;
}

/** A submitted WhatsApp Flow. `response_json` is a JSON string the flow defines: it is not parsed here. */
export class NfmReplyDto {
  @IsString() response_json!: string;
  @IsOptional() @IsString() body?: string;
  @IsOptional() @IsString() name?: string;
}

/**
 * `interactive` of an `interactive` message. Only the object its `type` names is required; other
 * types (Meta adds some, e.g. `call_permission_reply`) pass validation and map to `unsupported`.
 */
export class InteractiveDto {
  @IsString() @IsNotEmpty() type!: string;

  @ValidateIf((o: InteractiveDto) => o.type === 'button_reply')
  @Nested(ButtonReplyDto)
  button_reply?: ButtonReplyDto;

  @ValidateIf((o: InteractiveDto) => o.type === 'list_reply')
  @Nested(ListReplyDto)
  list_reply?: ListReplyDto;

  @ValidateIf((o: InteractiveDto) => o.type === 'nfm_reply')
  @Nested(NfmReplyDto)
  nfm_reply?: NfmReplyDto;
}
