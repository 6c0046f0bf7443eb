import { RequestHandler } from 'express';
import { sendGraphQLError } from '../../../shared/graphql/graphql-errors';
import { AdminAuthService } from '../application/admin-auth.service';
import { OrganizationError } from '../domain/organization';
import { AdminRequest } from './admin-auth.guard';

// Every GraphQL request needs an admin token, so it is checked before the body is read or the query parsed: an
// anonymous caller costs a hash, not a parse. An organization key costs one indexed lookup, as on REST; the guard
// reuses the principal found here and still checks, per field, which organization it may reach.
export function graphqlAuthentication(auth: AdminAuthService): RequestHandler {
  return async (req, res, next) => {
    try {
      (req as AdminRequest).adminPrincipal = await auth.resolve(req.headers.authorization);
    } catch (error) {
      if (error instanceof OrganizationError) return sendGraphQLError(res, 401, error.message);
      return next(error);
    }
    next();
  };
}
