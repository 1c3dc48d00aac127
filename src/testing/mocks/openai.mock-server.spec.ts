import { OpenAiMock } from './openai.mock-server.js';

describe('OpenAiMock control routes (over HTTP)', () => {
  let openai: OpenAiMock;
  const complete = () =>
    fetch(`${openai.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${openai.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-test', messages: [{ role: 'user', content: 'hi' }] }),
    });
  const control = (path: string, body?: unknown) =>
    fetch(`${openai.server.url}/__mock/${path}`, { method: 'POST', body: JSON.stringify(body ?? {}) });

  beforeEach(async () => {
    openai = await new OpenAiMock().start();
  });
  afterEach(() => openai.stop());

  it("fails with OpenAI's error body, with the given message", async () => {
    await control('failures', { match: { path: '/chat/completions' }, status: 500, message: 'Overloaded' });

    const response = await complete();

    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      error: { message: 'Overloaded', type: 'server_error', param: null, code: null },
    });
    expect((await complete()).status).toBe(200);
  });

  it('forgets requests and restores the default reply on POST /__mock/reset', async () => {
    openai.respondWith(() => 'scripted');
    await complete();

    await control('reset');

    expect(openai.requests()).toEqual([]);
    const body = (await (await complete()).json()) as { choices: { message: { content: string } }[] };
    expect(body.choices[0].message.content).toBe('Echo: hi');
  });
});
