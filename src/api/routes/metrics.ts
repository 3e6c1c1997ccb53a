/**
 * GET /metrics: Prometheus' text format, behind the admin secret when one is set; without one, behind
 * the API secret (open when that is empty too), as every read of the admin surface.
 */
import type { FastifyInstance } from 'fastify';
import { requireAdmin, type AdminSecrets } from '../admin-auth.js';
import { ErrorBodySchema } from '../schemas/common.js';

/** What the route serves; the metrics module implements it (the API needs no metrics library). */
export interface MetricsExposition {
  /** text/plain; version=0.0.4 */
  contentType: string;
  render(): Promise<string>;
}

export interface MetricsRouteOptions extends AdminSecrets {
  metrics: MetricsExposition;
}

export const METRICS_PATH = '/metrics';

export async function metricsRoute(scope: FastifyInstance, options: MetricsRouteOptions): Promise<void> {
  requireAdmin(scope, options);
  scope.get(METRICS_PATH, {
    schema: {
      tags: ['service'],
      summary: 'Prometheus metrics in the text exposition format (the admin secret when set, else the API secret)',
      security: [{ adminSecret: [] }, { bearer: [] }],
      response: {
        200: {
          description: 'the metrics, `text/plain; version=0.0.4` (series listed in the README)',
          content: { 'text/plain': { schema: { type: 'string' } } },
        },
        '4xx': ErrorBodySchema,
      },
    },
  }, async (_request, reply) => reply.type(options.metrics.contentType).send(await options.metrics.render()));
}
