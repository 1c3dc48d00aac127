import 'reflect-metadata';
import { IsString } from 'class-validator';
import { ChangeDto } from './change.dto.js';
import { NestedList } from './nested.decorators.js';

/** One entry of a webhook: the changes of one WhatsApp Business Account. */
export class EntryDto {
  /** The WhatsApp Business Account id. */
  @IsString() id!: string;

  @NestedList(ChangeDto)
  changes!: ChangeDto[];
}
