import { Metrics, zendeskRoute } from './metrics';

describe('Metrics', () => {
  it('names Zendesk routes without ids, so every ticket shares one series', () => {
    expect(zendeskRoute('https://acme.zendesk.com/api/v2/tickets/123/comments.json?page=2')).toBe('/api/v2/tickets/:id/comments.json');
    expect(zendeskRoute('https://acme.zendesk.com/api/v2/tickets/123.json')).toBe('/api/v2/tickets/:id.json');
    expect(zendeskRoute('https://help.acme.com/api/v2/help_center/en-us/articles.json')).toBe('/api/v2/help_center/en-us/articles.json');
  });

  it('labels a failed LLM call with its error code and still throws it', async () => {
    const sut = new Metrics();
    const refused = Object.assign(new Error('401'), { code: 'llm_rejected' });

    await expect(sut.timeLlmCall('openai', 'draft', () => Promise.reject(refused))).rejects.toBe(refused);

    const text = await sut.render();
    expect(text).toContain('assist_llm_call_errors_total{provider="openai",operation="draft",code="llm_rejected"} 1');
    expect(text).toContain('assist_llm_call_duration_seconds_count{provider="openai",operation="draft",outcome="llm_rejected"} 1');
  });
});
