import { Metrics } from './metrics.js';

/** The samples of `name` in a scrape, as `{labels} value` lines (label order as prom-client writes it). */
function samples(text: string, name: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .map((line) => line.slice(name.length));
}

describe('Metrics', () => {
  let metrics: Metrics;
  beforeEach(() => {
    metrics = new Metrics();
  });

  it('counts webhook answers by status', async () => {
    metrics.webhookAnswered(200);
    metrics.webhookAnswered(200);
    metrics.webhookAnswered(401);
    expect(samples(await metrics.scrape(), 'whatsapp_webhook_requests_total')).toEqual([
      '{status="200"} 2',
      '{status="401"} 1',
    ]);
  });

  it('counts inbound messages by type, and any type it does not know as other', async () => {
    metrics.messageAccepted('text');
    metrics.messageAccepted('interactive');
    metrics.messageAccepted('15551234567');
    const lines = samples(await metrics.scrape(), 'whatsapp_inbound_messages_total');
    expect(lines).toContain('{type="text"} 1');
    expect(lines).toContain('{type="interactive"} 1');
    expect(lines).toContain('{type="other"} 1');
    expect(lines.join('\n')).not.toContain('15551234567');
  });

  it("counts delivery statuses of the bot's messages, and failures by Graph code", async () => {
    metrics.messageStatus('sent');
    metrics.messageStatus('delivered');
    metrics.messageStatus('read');
    metrics.messageStatus('failed', 131047);
    metrics.messageStatus('failed', 131047);
    metrics.messageStatus('failed');
    metrics.messageStatus('US.13491208655302741918');
    const scrape = await metrics.scrape();
    expect(samples(scrape, 'whatsapp_message_statuses_total')).toEqual([
      '{status="sent"} 1',
      '{status="delivered"} 1',
      '{status="read"} 1',
      '{status="played"} 0',
      '{status="failed"} 3',
      '{status="other"} 1',
    ]);
    expect(samples(scrape, 'whatsapp_message_delivery_failures_total')).toEqual([
      '{code="131047"} 2',
      '{code="other"} 1',
    ]);
    expect(scrape).not.toContain('US.1349');
  });

  it('records Graph attempts, retries and results per kind', async () => {
    const text = metrics.graph('text');
    text.attempt(0.02);
    text.retry();
    text.attempt(0.03);
    text.result('ok');
    metrics.graph('read_receipt').result('131047');
    metrics.graph('read_receipt').result('wamid.HBgLMTU1NTEyMzQ1Njc');
    const scrape = await metrics.scrape();
    expect(samples(scrape, 'whatsapp_outbound_requests_total')).toEqual([
      '{kind="text",result="ok"} 1',
      '{kind="read_receipt",result="131047"} 1',
      '{kind="read_receipt",result="other"} 1',
    ]);
    expect(samples(scrape, 'whatsapp_graph_retries_total')).toContain('{kind="text"} 1');
    expect(samples(scrape, 'whatsapp_graph_request_duration_seconds_count')).toContain('{kind="text"} 2');
  });

  it('labels flow steps with code names only', async () => {
    metrics.flowStep('register', 'email', 'ok');
    metrics.flowStep('register', 'email', 'error');
    metrics.flowStep('register', 'Ada Lovelace', 'ok');
    metrics.flowStep('15551234567', 'start', 'ok');
    const lines = samples(await metrics.scrape(), 'whatsapp_flow_steps_total');
    expect(lines).toEqual(
      expect.arrayContaining([
        '{flow="register",step="email",outcome="ok"} 1',
        '{flow="register",step="email",outcome="error"} 1',
        '{flow="register",step="other",outcome="ok"} 1',
        '{flow="other",step="start",outcome="ok"} 1',
      ]),
    );
    expect(lines.join('\n')).not.toMatch(/Ada|1555/);
  });

  it('stops adding flow/step series past its cap: the rest count as other', async () => {
    for (let i = 0; i < 600; i++) metrics.flowStep('flow', `step${i}`, 'ok');
    const lines = samples(await metrics.scrape(), 'whatsapp_flow_steps_total');
    expect(lines.filter((line) => line.includes('outcome="ok"') && line.startsWith('{flow="flow"'))).toHaveLength(500);
    expect(lines).toContain('{flow="other",step="other",outcome="ok"} 100');
  });

  it('observes processing time from the acceptance time, and skips entries without one', async () => {
    metrics.messageProcessed(1_000, 1_250);
    metrics.messageProcessed(undefined);
    const scrape = await metrics.scrape();
    expect(samples(scrape, 'whatsapp_message_processing_seconds_count')).toEqual([' 1']);
    expect(samples(scrape, 'whatsapp_message_processing_seconds_sum')).toEqual([' 0.25']);
  });

  it('counts AI calls by result and the tokens the provider reported', async () => {
    metrics.aiRequest('ok', { promptTokens: 12, completionTokens: 5 });
    metrics.aiRequest('http_429');
    metrics.aiRequest('What is 2+2?');
    const scrape = await metrics.scrape();
    expect(samples(scrape, 'whatsapp_ai_requests_total')).toEqual([
      '{result="ok"} 1',
      '{result="http_429"} 1',
      '{result="other"} 1',
    ]);
    expect(samples(scrape, 'whatsapp_ai_tokens_total')).toEqual(['{kind="prompt"} 12', '{kind="completion"} 5']);
  });

  it('reads the queue gauge at scrape time, and leaves it empty when the backlog cannot be read', async () => {
    let backlog: Promise<Record<string, number>> = Promise.resolve({ waiting: 3, active: 1, dead_lettered: 2 });
    metrics.trackBacklog(() => backlog);
    expect(samples(await metrics.scrape(), 'whatsapp_inbound_queue_messages')).toEqual([
      '{state="waiting"} 3',
      '{state="active"} 1',
      '{state="dead_lettered"} 2',
    ]);
    backlog = Promise.reject(new Error('redis down'));
    expect(samples(await metrics.scrape(), 'whatsapp_inbound_queue_messages')).toEqual([]);
  });

  it('keeps each instance in its own registry, and adds process metrics only when asked', async () => {
    const other = new Metrics();
    other.collectProcessMetrics();
    metrics.duplicateIgnored();
    const [mine, theirs] = await Promise.all([metrics.scrape(), other.scrape()]);
    expect(samples(mine, 'whatsapp_duplicate_messages_total')).toEqual([' 1']);
    expect(samples(theirs, 'whatsapp_duplicate_messages_total')).toEqual([' 0']);
    expect(mine).not.toContain('process_cpu_seconds_total');
    expect(theirs).toContain('process_cpu_seconds_total');
    expect(theirs).toContain('nodejs_eventloop_lag_seconds');
    expect(theirs).toContain('nodejs_heap_size_used_bytes');
  });
});
