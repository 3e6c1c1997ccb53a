/**
 * Discord series: REST latency, 429s, 5xx and network failures by route, and the gateway's reconnects,
 * resumes and fresh sessions by account. Told by observers at the REST transport and the gateway.
 */
import { Counter, Histogram, type Registry } from 'prom-client';
import type { GatewayMilestone, LinkObserver } from '../accounts/account-session.js';
import type { RestExchange } from '../discord/rest/index.js';

const HTTP_TOO_MANY_REQUESTS = 429;
const HTTP_SERVER_ERROR = 500;
/** An interaction answers in ~0.1–0.5 s; uploads and a congested Discord take seconds. */
const REST_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const NUMERIC_SEGMENT = /\/\d+(?=\/|$)/g;

/**
 * A route as a label: the rate-limit bucket (`POST /channels/123/messages/:id/ack`) with the channel and
 * guild ids it keeps made generic too, so that there is one series per kind of request, not per channel.
 */
export function routeLabel(route: string): string {
  return route.replace(NUMERIC_SEGMENT, '/:id');
}

export class DiscordMetrics {
  private readonly restSeconds: Histogram<'route'>;
  private readonly rateLimited: Counter<'route'>;
  private readonly serverErrors: Counter<'route'>;
  private readonly networkErrors: Counter<'route'>;
  private readonly reconnects: Counter<'account' | 'mode'>;
  private readonly resumes: Counter<'account'>;
  private readonly identifies: Counter<'account'>;

  constructor(registry: Registry) {
    const registers = [registry];
    const route = { labelNames: ['route'] as const, registers };
    this.restSeconds = new Histogram({
      name: 'mj_discord_request_duration_seconds', help: 'Discord HTTP exchanges (each try), by rate-limit route, whatever their outcome.',
      buckets: REST_BUCKETS, ...route,
    });
    this.rateLimited = new Counter({ name: 'mj_discord_rate_limited_total', help: 'Discord answers with HTTP 429, by route.', ...route });
    this.serverErrors = new Counter({ name: 'mj_discord_server_errors_total', help: 'Discord answers with HTTP 5xx, by route.', ...route });
    this.networkErrors = new Counter({
      name: 'mj_discord_network_errors_total', help: 'Discord requests that got no answer (connection failed or cut), by route.', ...route,
    });
    this.reconnects = new Counter({
      name: 'mj_gateway_reconnects_total', help: 'Gateway sockets replaced (dropped, op 7, op 9, zombie), by account and how the new one starts (resume or identify).',
      labelNames: ['account', 'mode'], registers,
    });
    this.resumes = new Counter({
      name: 'mj_gateway_resumes_total', help: 'Gateway sessions resumed (RESUMED), by account.', labelNames: ['account'], registers,
    });
    this.identifies = new Counter({
      name: 'mj_gateway_identifies_total', help: 'Fresh gateway sessions (READY after IDENTIFY, the first included), by account.', labelNames: ['account'], registers,
    });
  }

  /** The observer of one account's link; its gateway series start at 0. */
  linkObserver(account: string): LinkObserver {
    for (const mode of ['resume', 'identify']) this.reconnects.inc({ account, mode }, 0);
    this.resumes.inc({ account }, 0);
    this.identifies.inc({ account }, 0);
    return {
      rest: (exchange) => this.onExchange(exchange),
      gateway: (milestone) => this.onMilestone(account, milestone),
    };
  }

  private onExchange({ route, status, seconds }: RestExchange): void {
    const labels = { route: routeLabel(route) };
    this.restSeconds.observe(labels, seconds);
    if (status === null) this.networkErrors.inc(labels);
    else if (status === HTTP_TOO_MANY_REQUESTS) this.rateLimited.inc(labels);
    else if (status >= HTTP_SERVER_ERROR) this.serverErrors.inc(labels);
  }

  private onMilestone(account: string, milestone: GatewayMilestone): void {
    switch (milestone.kind) {
      case 'reconnect':
        this.reconnects.inc({ account, mode: milestone.mode });
        return;
      case 'resumed':
        this.resumes.inc({ account });
        return;
      case 'identified':
        this.identifies.inc({ account });
        return;
    }
  }
}
