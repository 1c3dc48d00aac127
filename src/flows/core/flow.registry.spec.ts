import { Injectable, Module, Scope } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DiscoveryModule } from '@nestjs/core';
import { DUPLICATE_FLOW_ID, ENTRY_FLOW_COUNT, NON_STATIC_FLOW } from '../../common/errors/error-messages.js';
import type { FlowContext } from './flow-context.js';
import { Flow } from './flow.decorator.js';
import { FlowRegistry } from './flow.registry.js';

class TestFlow {
  readonly steps = {};
  async start(_ctx: FlowContext): Promise<void> {}
}

@Injectable()
@Flow({ id: 'menu', entry: true })
class EntryFlow extends TestFlow {}

@Injectable()
@Flow({ id: 'a', title: 'A', menuOrder: 2 })
class FlowA extends TestFlow {}

@Injectable()
@Flow({ id: 'b', title: 'B', menuOrder: 1 })
class FlowB extends TestFlow {}

@Injectable()
@Flow({ id: 'a', title: 'Another A' })
class SecondFlowA extends TestFlow {}

@Injectable()
@Flow({ id: 'hidden' })
class HiddenFlow extends TestFlow {}

@Injectable({ scope: Scope.REQUEST })
@Flow({ id: 'scoped' })
class ScopedFlow extends TestFlow {}

@Injectable()
@Flow({ id: 'broken' })
class NotAFlow {}

async function boot(...providers: (new () => object)[]): Promise<FlowRegistry> {
  @Module({ providers })
  class FlowsUnderTest {}
  const module = await Test.createTestingModule({
    imports: [DiscoveryModule, FlowsUnderTest],
    providers: [FlowRegistry],
  })
    .setLogger(false as never)
    .compile();
  await module.init();
  return module.get(FlowRegistry);
}

describe('FlowRegistry', () => {
  it('finds every decorated flow, the entry flow, and orders the menu', async () => {
    const registry = await boot(EntryFlow, FlowA, FlowB, HiddenFlow);
    expect(registry.entry.options.id).toBe('menu');
    expect(registry.get('a').className).toBe('FlowA');
    expect(registry.has('hidden')).toBe(true);
    expect(registry.menuEntries().map((entry) => entry.options.id)).toEqual(['b', 'a']);
  });

  it('fails the boot on two flows with one id, naming both classes', async () => {
    await expect(boot(EntryFlow, FlowA, SecondFlowA)).rejects.toThrow(DUPLICATE_FLOW_ID('a', 'FlowA', 'SecondFlowA'));
  });

  it('fails the boot on a request-scoped flow', async () => {
    await expect(boot(EntryFlow, ScopedFlow)).rejects.toThrow(NON_STATIC_FLOW('scoped', 'ScopedFlow'));
  });

  it('fails the boot on a class that is not a flow', async () => {
    await expect(boot(EntryFlow, NotAFlow)).rejects.toThrow(/"broken" \(NotAFlow\) must have a start\(\) method/);
  });

  it('fails the boot without an entry flow', async () => {
    await expect(boot(FlowA)).rejects.toThrow(ENTRY_FLOW_COUNT([]));
  });

  it('throws a clear error for an unknown id', async () => {
    const registry = await boot(EntryFlow);
    expect(() => registry.get('nope')).toThrow(/No flow has the id "nope"/);
  });
});
