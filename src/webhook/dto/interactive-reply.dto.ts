import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsInstance, IsNotEmpty, IsOptional, IsString, ValidateIf, ValidateNested } from 'class-validator';

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
  @IsInstance(ButtonReplyDto)
  @ValidateNested()
  @Type(() => ButtonReplyDto)
  button_reply?: ButtonReplyDto;

  @ValidateIf((o: InteractiveDto) => o.type === 'list_reply')
  @IsInstance(ListReplyDto)
  @ValidateNested()
  @Type(() => ListReplyDto)
  list_reply?: ListReplyDto;

  @ValidateIf((o: InteractiveDto) => o.type === 'nfm_reply')
  @IsInstance(NfmReplyDto)
  @ValidateNested()
  @Type(() => NfmReplyDto)
  nfm_reply?: NfmReplyDto;
}
