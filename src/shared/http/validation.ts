import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

export interface FieldError {
  // Dotted path into the body or query: `zendesk.baseUrl`, `articles.0.url`.
  field: string;
  message: string;
}

// Every DTO is checked strictly: unknown fields are refused, not silently dropped.
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new BadRequestException({ message: 'The request is invalid', errors: fieldErrors(errors) }),
  });
}

export function fieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message: withPath(message, error.property, field) }));
    return [...own, ...fieldErrors(error.children ?? [], field)];
  });
}

// class-validator names the property only ("baseUrl must be …"); the full path helps with nested bodies.
function withPath(message: string, property: string, field: string): string {
  return field !== property && message.startsWith(`${property} `) ? `${field}${message.slice(property.length)}` : message;
}
