/** The admin surface (docs/admin-api.md), behind the admin secret; its routes register here. */
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { TaskApi } from '../../tasks/api-port.js';
import { adminRoleChecker, requireAdmin, type AdminSecrets } from '../admin-auth.js';
import { ADMIN_DOC } from '../schemas/admin.js';
import { ErrorBodySchema } from '../schemas/common.js';
import { adminAccountActionRoutes } from './admin-account-actions.js';
import { adminAccountRoutes, type AccountAdmin } from './admin-accounts.js';
import { adminConfigRoutes, type AdminConfigOptions } from './admin-config.js';
import { adminTaskRoutes } from './admin-tasks.js';

export interface AdminScopeOptions extends AdminSecrets, AdminConfigOptions {
  tasks: TaskApi;
  /** The managed accounts; absent: no /account/* routes. */
  accounts?: AccountAdmin;
}

const CurrentSchema = Type.Object({
  code: Type.Integer(),
  description: Type.String(),
  result: Type.Object({
    role: Type.String({ enum: ['ADMIN', 'READ_ONLY'], description: 'READ_ONLY when no admin secret is configured' }),
    adminSecretSet: Type.Boolean(),
  }),
});

export async function adminScope(scope: FastifyInstance, options: AdminScopeOptions): Promise<void> {
  requireAdmin(scope, options);
  const roleOf = adminRoleChecker(options);
  scope.get('/admin/current', {
    schema: {
      ...ADMIN_DOC, summary: 'The caller\'s role on the admin surface (checks an admin secret before a UI keeps it)',
      response: { 200: CurrentSchema, '4xx': ErrorBodySchema },
    },
  }, (request) => ({
    code: 1, description: 'ok', result: { role: roleOf(request), adminSecretSet: options.adminSecret !== '' },
  }));
  adminConfigRoutes(scope, options);
  adminTaskRoutes(scope, options.tasks);
  if (options.accounts) {
    adminAccountRoutes(scope, options.accounts);
    adminAccountActionRoutes(scope, options.accounts);
  }
}
