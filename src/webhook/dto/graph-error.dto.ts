import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsInstance, IsInt, IsOptional, IsString, ValidateNested } from 'class-validator';

export class ErrorDataDto {
  @IsOptional() @IsString() details?: string;
}

/**
 * An error object as Meta puts it in webhooks: on an `unsupported` message, on a `failed` status and in a
 * change's `value.errors`. Only `code` is required: Meta asks clients to decide on it, the rest is for people.
 */
export class GraphErrorDto {
  @IsInt() code!: number;
  @IsOptional() @IsString() title?: string;
  @IsOptional() @IsString() message?: string;
  @IsOptional() @IsString() href?: string;
  @IsOptional() @IsInstance(ErrorDataDto) @ValidateNested() @Type(() => ErrorDataDto) error_data?: ErrorDataDto;
}
