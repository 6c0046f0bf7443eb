import { Organization } from '../../../organizations/domain/organization';
import { connectionFormValues, readConnectionForm, readTestTicketForm } from './zendesk-forms';

describe('the Connect Zendesk forms', () => {
  const organization = (zendeskBaseUrl: string) => ({ zendeskBaseUrl, zendeskEmail: 'agent@acme.test' }) as Organization;

  it('shows a zendesk.com account as its subdomain, any other as its base URL', () => {
    expect(connectionFormValues(organization('https://acme.zendesk.com'))).toEqual({ subdomain: 'acme', baseUrl: '', email: 'agent@acme.test' });
    expect(connectionFormValues(organization('http://127.0.0.1:4000'))).toEqual({ subdomain: '', baseUrl: 'http://127.0.0.1:4000', email: 'agent@acme.test' });
  });

  it('a blank API token keeps the current one; a typed one replaces it', async () => {
    const kept = await readConnectionForm({ subdomain: 'acme', email: 'a@acme.test', apiToken: '' }, { currentToken: 'stored', baseUrlAllowed: false });
    expect(kept).toMatchObject({ zendesk: { subdomain: 'acme', email: 'a@acme.test', apiToken: 'stored' } });
    const typed = await readConnectionForm({ subdomain: 'acme', email: 'a@acme.test', apiToken: 'new' }, { currentToken: 'stored', baseUrlAllowed: false });
    expect(typed).toMatchObject({ zendesk: { apiToken: 'new' } });
  });

  it('ignores a base URL unless the server allows other hosts', async () => {
    const form = { subdomain: '', baseUrl: 'http://127.0.0.1:4000', email: 'a@acme.test', apiToken: 'x' };
    expect(await readConnectionForm(form, { currentToken: 'stored', baseUrlAllowed: true })).toMatchObject({ zendesk: { baseUrl: 'http://127.0.0.1:4000' } });
    const refused = await readConnectionForm(form, { currentToken: 'stored', baseUrlAllowed: false });
    expect(refused).toMatchObject({ values: { baseUrl: '' }, problems: { subdomain: ['Enter the Zendesk subdomain (acme for acme.zendesk.com)'] } });
  });

  it('puts each problem next to its field', async () => {
    const refused = await readConnectionForm({ subdomain: 'acme', email: 'nope', apiToken: '' }, { currentToken: 'stored', baseUrlAllowed: true });
    expect(refused).toMatchObject({ problems: { email: [expect.stringContaining('email')] } });
  });

  it('takes a ticket id as digits only', () => {
    expect(readTestTicketForm({ ticketId: ' 42 ' })).toEqual({ ticketId: '42', problems: {} });
    expect(readTestTicketForm({ ticketId: '4x' }).problems.ticketId).toHaveLength(1);
    expect(readTestTicketForm({}).problems.ticketId).toHaveLength(1);
  });
});
