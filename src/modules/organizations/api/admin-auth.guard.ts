import { applyDecorators, CanActivate, createParamDecorator, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import { ApiExtension } from '@nestjs/swagger';
import { FastifyRequest } from 'fastify';
import { AdminAuthService } from '../application/admin-auth.service';
import { AdminPrincipal } from '../domain/admin-principal';

export type AdminRequest = FastifyRequest & { adminPrincipal?: AdminPrincipal };

const OPERATOR_ONLY = 'admin:operator-only';

// For a route about one organization that its own keys may still not use (deleting it). The OpenAPI
// document says so too (`x-operator-only`), for clients and for the route sweep.
export const OperatorOnly = () => applyDecorators(SetMetadata(OPERATOR_ONLY, true), ApiExtension('x-operator-only', true));

// Every admin controller: 401 without a valid token, 403 when an organization key asks about another
// organization (the `:organizationId` route parameter) or about none (operator-only routes such as
// creating or listing organizations). Safe by default: a route without `:organizationId` is the operator's,
// and so is one marked @OperatorOnly().
@Injectable()
export class AdminAuthGuard implements CanActivate {
  constructor(
    private readonly auth: AdminAuthService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = requestOf(context);
    // Resolved before the body was read (admin-authentication.hook.ts) for /admin and /graphql; resolved here
    // for a guarded route anywhere else, so that the guard never depends on that hook.
    const principal = request.adminPrincipal ?? (await this.auth.resolve(request.headers.authorization));
    const organizationId = this.reflector.get<boolean>(OPERATOR_ONLY, context.getHandler()) ? null : organizationIdOf(context, request);
    this.auth.authorize(principal, typeof organizationId === 'string' ? organizationId : null);
    request.adminPrincipal = principal;
    return true;
  }
}

// The caller the guard resolved.
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, context: ExecutionContext): AdminPrincipal => requestOf(context).adminPrincipal!,
);

// GraphQL resolvers are guarded the same way: the HTTP request is in the GraphQL context, and the organization
// is the field's `organizationId` argument.
function requestOf(context: ExecutionContext): AdminRequest {
  if (context.getType<GqlContextType>() === 'graphql') return GqlExecutionContext.create(context).getContext<{ req: AdminRequest }>().req;
  return context.switchToHttp().getRequest<AdminRequest>();
}

function organizationIdOf(context: ExecutionContext, request: AdminRequest): unknown {
  if (context.getType<GqlContextType>() === 'graphql') return GqlExecutionContext.create(context).getArgs<{ organizationId?: unknown }>().organizationId;
  return (request.params as Record<string, unknown> | undefined)?.organizationId;
}
