/** Prometheus metrics (GET /metrics); imported by main.ts only. */
export { ServiceMetrics, type MetricsSources } from './service-metrics.js';
