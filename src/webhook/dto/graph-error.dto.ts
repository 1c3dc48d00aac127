import 'reflect-metadata';
import { IsInt, IsOptional, IsString } from 'class-validator';
import { Nested } from './nested.decorators.js';

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
  @IsOptional() @Nested(ErrorDataDto) error_data?: ErrorDataDto;
}
