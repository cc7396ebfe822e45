import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { PoolStatistics } from '../db/connection.ts';

/** Prometheus metrics of one server: its own registry, so two servers in one process stay apart. */
export interface Metrics {
  registry: Registry;
  requestDuration: Histogram<'method' | 'route' | 'status_code'>;
  /** Adds a gauge read when Prometheus scrapes, e.g. the depth of a job queue. */
  addGauge(
    name: string,
    help: string,
    labelNames: string[],
    read: (gauge: Gauge<string>) => Promise<void> | void,
  ): void;
}

export function createMetrics(poolStatistics: () => PoolStatistics): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'patientdesk_' });
  const requestDuration = new Histogram({
    name: 'patientdesk_http_request_duration_seconds',
    help: 'Time from request received to response sent, by route',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const addGauge: Metrics['addGauge'] = (name, help, labelNames, read) => {
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        await read(this);
      },
    });
  };
  addGauge('patientdesk_db_pool_connections', 'Database connections by state', ['state'], (gauge) => {
    const stats = poolStatistics();
    gauge.set({ state: 'total' }, stats.total);
    gauge.set({ state: 'idle' }, stats.idle);
    gauge.set({ state: 'waiting' }, stats.waiting);
  });
  return { registry, requestDuration, addGauge };
}
