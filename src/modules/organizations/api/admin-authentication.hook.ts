import { AdminAuthService } from '../application/admin-auth.service';
import { AdminRequest } from './admin-auth.guard';

// Every admin request, REST or GraphQL, needs an admin token, so it is checked before the body is read or a query
// parsed: an anonymous caller costs a hash, not a parse. An organization key costs the one indexed lookup it always
// did; the guard reuses the principal found here and still checks, per route or field, which organization it may
// reach. A refusal is the guard's own 401 problem.
export function adminAuthentication(auth: AdminAuthService): (request: AdminRequest) => Promise<void> {
  return async (request) => {
    request.adminPrincipal = await auth.resolve(request.headers.authorization);
  };
}
