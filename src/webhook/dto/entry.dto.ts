import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsArray, IsInstance, IsString, ValidateNested } from 'class-validator';
import { ChangeDto } from './change.dto.js';

/** One entry of a webhook: the changes of one WhatsApp Business Account. */
export class EntryDto {
  /** The WhatsApp Business Account id. */
  @IsString() id!: string;

  @IsArray()
  @IsInstance(ChangeDto, { each: true })
  @ValidateNested({ each: true })
  @Type(() => ChangeDto)
  changes!: ChangeDto[];
}
