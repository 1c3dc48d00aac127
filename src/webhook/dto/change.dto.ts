import 'reflect-metadata';
import { IsString, ValidateIf } from 'class-validator';
import { ChangeValueDto } from './change-value.dto.js';
import { Nested } from './nested.decorators.js';

/**
 * One change of an entry. Only `field: 'messages'` is described: other fields (group lifecycle, settings and
 * participant updates, template and account updates) carry other values, which pass unchecked.
 */
export class ChangeDto {
  @IsString() field!: string;

  @ValidateIf((change: ChangeDto) => change.field === 'messages')
  @Nested(ChangeValueDto)
  value?: ChangeValueDto;
}
