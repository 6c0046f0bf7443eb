import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { FastifyReply as Response } from 'fastify';
import { FieldError, fieldErrors } from '../http/validation';
import { safeText } from '../text/safe-text';

// A form post's fields (application/x-www-form-urlencoded) as typed, without its CSRF token. A keyboard types no
// NUL or control character; one sent anyway would fail the statement that stores it. A field sent more than once
// (checkboxes of one name) is a list.
export function formFields(body: unknown): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(typeof body === 'object' && body !== null ? body : {})) {
    if (name === '_csrf') continue;
    if (typeof value === 'string') fields[name] = safeText(value);
    else if (Array.isArray(value)) fields[name] = value.filter((item): item is string => typeof item === 'string').map((item) => safeText(item));
  }
  return fields;
}

// A form checked by the same class-validator rules as an API body; fields it does not know are dropped.
export async function checkForm<T extends object>(Form: new () => T, plain: object): Promise<{ form: T } | { problems: FieldError[] }> {
  const form = plainToInstance(Form, plain);
  const errors = await validate(form, { whitelist: true });
  return errors.length > 0 ? { problems: fieldErrors(errors) } : { form };
}

// The form's single-valued fields as typed (for showing them again), and either the checked form or what is wrong.
export async function readForm<T extends object>(
  Form: new () => T,
  body: unknown,
): Promise<{ values: Record<string, string> } & ({ form: T } | { problems: FieldError[] })> {
  const values = Object.fromEntries(Object.entries(formFields(body)).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  return { values, ...(await checkForm(Form, values)) };
}

// Pages answer HTML that no cache keeps: they carry tokens, and what they show changes with every form post.
export function sendPage(res: Response, status: number, body: string): void {
  res.status(status).type('text/html; charset=utf-8').header('Cache-Control', 'no-store').send(body);
}
