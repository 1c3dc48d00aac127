import { Injectable, Module, Scope } from '@nestjs/common';
import { INJECTABLE_WATERMARK } from '@nestjs/common/constants.js';
import { Test } from '@nestjs/testing';
import { DiscoveryModule } from '@nestjs/core';
import {
  DUPLICATE_FLOW_ID,
  ENTRY_FLOW_COUNT,
  INVALID_FLOW,
  NON_STATIC_FLOW,
  UNKNOWN_TIMEOUT_STEP,
} from '../../common/errors/error-messages.js';
import { Flow } from './flow.decorator.js';
import { FlowRegistry } from './flow.registry.js';

class TestFlow {
  readonly steps = { start: async () => undefined };
}

@Flow({ id: 'menu', entry: true })
class EntryFlow extends TestFlow {}

@Flow({ id: 'a', title: 'A', menuOrder: 2 })
class FlowA extends TestFlow {}

@Flow({ id: 'b', title: 'B', menuOrder: 1 })
class FlowB extends TestFlow {}

@Flow({ id: 'a', title: 'Another A' })
class SecondFlowA extends TestFlow {}

@Flow({ id: 'hidden' })
class HiddenFlow extends TestFlow {}

@Flow({ id: 'off', title: 'Off' })
class DisabledFlow extends TestFlow {
  readonly enabled = false;
}

@Injectable({ scope: Scope.REQUEST })
@Flow({ id: 'scoped' })
class ScopedFlow extends TestFlow {}

@Flow({ id: 'scoped-below' })
@Injectable({ scope: Scope.TRANSIENT })
class ScopedBelowFlow extends TestFlow {}

@Flow({ id: 'broken' })
class NotAFlow {}

@Flow({ id: 'bad-step' })
class BadStepFlow {
  readonly steps = { start: async () => undefined, oops: { ask: async () => undefined } };
}

@Flow({ id: 'stray-timeout' })
class StrayTimeoutFlow extends TestFlow {
  readonly timeouts = { nmae: { expireAfter: { minutes: 5 }, expiry: 'bye' } };
}

/** A dependency: resolvable only if `@Flow` alone made its consumer an injectable provider. */
@Injectable()
class Greeter {
  readonly word = 'hi';
}

@Flow({ id: 'injected' })
class InjectedFlow extends TestFlow {
  constructor(readonly greeter: Greeter) {
    super();
  }
}

async function boot(...providers: (new (...args: never[]) => object)[]): Promise<FlowRegistry> {
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

  it('leaves a flow that is not enabled out of the menu, but keeps it enterable', async () => {
    const registry = await boot(EntryFlow, FlowA, DisabledFlow);
    expect(registry.menuEntries().map((entry) => entry.options.id)).toEqual(['a']);
    expect(registry.has('off')).toBe(true);
  });

  it('makes @Flow alone a provider (it applies @Injectable) whose dependencies are injected', async () => {
    expect(Reflect.getMetadata(INJECTABLE_WATERMARK, InjectedFlow)).toBe(true);
    const registry = await boot(EntryFlow, InjectedFlow, Greeter);
    expect((registry.get('injected').flow as InjectedFlow).greeter.word).toBe('hi');
  });

  it('fails the boot on two flows with one id, naming both classes', async () => {
    await expect(boot(EntryFlow, FlowA, SecondFlowA)).rejects.toThrow(DUPLICATE_FLOW_ID('a', 'FlowA', 'SecondFlowA'));
  });

  it.each`
    flow               | id
    ${ScopedFlow}      | ${'scoped'}
    ${ScopedBelowFlow} | ${'scoped-below'}
  `('fails the boot on a scoped flow ($id), whichever order the decorators have', async ({ flow, id }) => {
    await expect(boot(EntryFlow, flow)).rejects.toThrow(NON_STATIC_FLOW(id, flow.name));
  });

  it.each`
    flow           | id
    ${NotAFlow}    | ${'broken'}
    ${BadStepFlow} | ${'bad-step'}
  `('fails the boot on a class that is not a well-formed flow ($id)', async ({ flow, id }) => {
    await expect(boot(EntryFlow, flow)).rejects.toThrow(INVALID_FLOW(id, flow.name));
  });

  it('fails the boot on a timeout for a step the flow does not have', async () => {
    await expect(boot(EntryFlow, StrayTimeoutFlow)).rejects.toThrow(UNKNOWN_TIMEOUT_STEP('stray-timeout', 'nmae'));
  });

  it('fails the boot without an entry flow', async () => {
    await expect(boot(FlowA)).rejects.toThrow(ENTRY_FLOW_COUNT([]));
  });

  it('throws a clear error for an unknown id', async () => {
    const registry = await boot(EntryFlow);
    expect(() => registry.get('nope')).toThrow(/No flow has the id "nope"/);
  });
});
