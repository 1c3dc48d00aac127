import { applyDecorators } from '@nestjs/common';
import { Type, type ClassConstructor } from 'class-transformer';
import { IsArray, IsInstance, ValidateNested } from 'class-validator';

/** A nested object of the wire shape: turned into `dto` and validated as one. */
export function Nested(dto: ClassConstructor<object>): PropertyDecorator {
  return applyDecorators(
    IsInstance(dto),
    ValidateNested(),
    Type(() => dto),
  );
}

/** An array of nested objects: each item turned into `dto` and validated as one. */
export function NestedList(dto: ClassConstructor<object>): PropertyDecorator {
  return applyDecorators(
    IsArray(),
    IsInstance(dto, { each: true }),
    ValidateNested({ each: true }),
    Type(() => dto),
  );
}
