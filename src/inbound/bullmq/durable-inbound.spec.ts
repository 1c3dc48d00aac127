import { jobIdFor } from './durable-inbound.js';

describe('jobIdFor', () => {
  it.each`
    case                      | messageId                                      | expected
    ${"Meta's wamid"}         | ${'wamid.HBgLMTU1NTEyMzQ1NjcVAgASGBQzQUI='}    | ${'wamid.HBgLMTU1NTEyMzQ1NjcVAgASGBQzQUI='}
    ${'an integer'}           | ${'12345'}                                     | ${'msg.MTIzNDU'}
    ${'a negative integer'}   | ${'-7'}                                        | ${'msg.LTc'}
    ${'with a colon'}         | ${'a:b'}                                       | ${'msg.YTpi'}
  `('keeps $case usable as a BullMQ job id', ({ messageId, expected }) => {
    expect(jobIdFor(messageId)).toBe(expected);
  });
});
