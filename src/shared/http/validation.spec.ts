import { ArgumentMetadata, BadRequestException } from '@nestjs/common';
import { CreateOrganizationDto } from '../../modules/organizations/api/organization.dto';
import { UpsertArticlesDto } from '../../modules/knowledge-base/api/knowledge.dto';
import { createValidationPipe, FieldError } from './validation';

async function fieldErrorsFor(metatype: ArgumentMetadata['metatype'], body: unknown): Promise<FieldError[]> {
  const error = await createValidationPipe()
    .transform(body, { type: 'body', metatype })
    .then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(BadRequestException);
  return ((error as BadRequestException).getResponse() as { errors: FieldError[] }).errors;
}

describe('createValidationPipe', () => {
  const registration = {
    name: 'Acme',
    zendesk: { subdomain: 'acme', email: 'agent@acme.test', apiToken: 't' },
    webhookSigningSecret: 'webhook-signing-secret-0123456789',
  };

  it('names nested fields by their path', async () => {
    const errors = await fieldErrorsFor(CreateOrganizationDto, { ...registration, zendesk: { ...registration.zendesk, email: 'nope' } });
    expect(errors).toEqual([{ field: 'zendesk.email', message: 'zendesk.email must be an email' }]);
  });

  it('names array items by their index', async () => {
    const article = { externalId: '1', title: 'T', body: '<p>x</p>', url: 'https://h.test/1', locale: 'en-us' };
    const errors = await fieldErrorsFor(UpsertArticlesDto, { articles: [article, { ...article, locale: 'english please' }] });
    expect(errors).toEqual([{ field: 'articles.1.locale', message: 'articles.1.locale must look like en-us' }]);
  });

  it('refuses unknown fields, nested ones included', async () => {
    const errors = await fieldErrorsFor(CreateOrganizationDto, { ...registration, admin: true, zendesk: { ...registration.zendesk, sudo: 1 } });
    expect(errors.map((e) => e.field).sort()).toEqual(['admin', 'zendesk.sudo']);
  });
});
