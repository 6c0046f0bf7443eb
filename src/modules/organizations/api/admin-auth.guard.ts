import { CanActivate, createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import { GqlContextType, GqlExecutionContext } from '@nestjs/graphql';
import { Request } from 'express';
import { AdminAuthService } from '../application/admin-auth.service';
import { AdminPrincipal } from '../domain/admin-principal';

type AdminRequest = Request & { adminPrincipal?: AdminPrincipal };

// Every admin controller: 401 without a valid token, 403 when an organization key asks about another
// organization (the `:organizationId` route parameter) or about none (operator-only routes such as
// creating or listing organizations). Safe by default: a route without `:organizationId` is the operator's.
@Injectable()
export class AdminAuthGuard implements CanActivate {
  constructor(private readonly auth: AdminAuthService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = requestOf(context);
    const principal = await this.auth.resolve(request.headers.authorization);
    const organizationId = organizationIdOf(context, request);
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
  return request.params.organizationId;
}
