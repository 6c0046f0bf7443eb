import { agentTicketUrl, lookupTextOf, solvedTicketLeads, solvedTicketTitle } from './solved-ticket';

describe('solved tickets', () => {
  it.each([
    // margin (similarity / threshold), best article's coverage, leads?
    [1.0, 0, true],
    [1.0, 0.5, true],
    [1.2, 0.69, true],
    [1.2, 0.71, false],
    [1.49, 1, false],
    [1.5, 1, true],
    [2.5, 1, true],
  ])('a match %s × its threshold against an article covering %s of the question: leads the articles = %s', (margin, coverage, leads) => {
    expect(solvedTicketLeads(margin, coverage)).toBe(leads);
  });

  it('is cited with its ticket number and linked in the agent interface of the account, whatever path its URL had', () => {
    expect(solvedTicketTitle('4711')).toBe('Similar solved ticket #4711');
    expect(agentTicketUrl('https://acme.zendesk.com/', '4711')).toBe('https://acme.zendesk.com/agent/tickets/4711');
    expect(agentTicketUrl('http://127.0.0.1:8080/some/path', '12')).toBe('http://127.0.0.1:8080/agent/tickets/12');
  });

  it('looks a question up without the placeholders of its personal data', () => {
    expect(lookupTextOf('Call me on [phone] or at [email], [name]').replace(/\s+/g, ' ')).toBe('Call me on or at , ');
  });
});
