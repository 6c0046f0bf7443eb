import { OrganizationError, resolveZendeskBaseUrl } from './organization';

describe('resolveZendeskBaseUrl', () => {
  it.each([
    [{ subdomain: 'Acme' }, false, 'https://acme.zendesk.com'],
    [{ baseUrl: 'https://acme.zendesk.com/some/path' }, false, 'https://acme.zendesk.com'],
    [{ baseUrl: 'http://127.0.0.1:4010' }, true, 'http://127.0.0.1:4010'],
  ])('%j (insecure allowed: %s) → %s', (target, allowInsecure, expected) => {
    expect(resolveZendeskBaseUrl(target, allowInsecure)).toBe(expected);
  });

  it.each([
    [{ subdomain: 'bad_sub.domain' }, false],
    [{ baseUrl: 'http://acme.zendesk.com' }, false],
    [{ baseUrl: 'https://evil.example.com' }, false],
    [{ baseUrl: 'not a url' }, true],
  ])('refuses %j (insecure allowed: %s)', (target, allowInsecure) => {
    expect(() => resolveZendeskBaseUrl(target, allowInsecure)).toThrow(OrganizationError);
  });
});
