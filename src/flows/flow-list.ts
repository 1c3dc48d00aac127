import type { DynamicModule, Type } from '@nestjs/common';
import { FlowMetadata } from './core/flow.decorator.js';

/** An entry of the flow list: a flow class (`@Flow`), or a module that provides flows and what they need. */
export type FlowListEntry = Type | DynamicModule;

/** Splits a flow list into the modules to import and the flow classes to provide, as one module would. */
export function flowListModule(entries: readonly FlowListEntry[]): { imports: FlowListEntry[]; providers: Type[] } {
  const isFlowClass = (entry: FlowListEntry): entry is Type =>
    typeof entry === 'function' && Reflect.hasMetadata(FlowMetadata.KEY, entry);
  return { imports: entries.filter((entry) => !isFlowClass(entry)), providers: entries.filter(isFlowClass) };
}
