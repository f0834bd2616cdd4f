// Prometheus metrics at /metrics: GraphQL operations by name and type (count, duration, errors by
// code), HTTP responses by route and status, the response cache's hits and misses, and the process
// metrics prom-client collects by default. Each app owns its registry, so tests can build several.
import type { Plugin } from 'graphql-yoga';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { operationNameIn, safeOperationName } from './request-log.js';

/** Clients choose operation names; past this many distinct ones, new names count as "other". */
const MAX_OPERATION_NAMES = 500;

export interface Metrics {
  registry: Registry;
  cacheHits: Counter<'operation_name'>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    cacheHits: new Counter({
      name: 'graphql_response_cache_hits_total',
      help: 'GraphQL operations answered from the response cache',
      labelNames: ['operation_name'],
      registers: [registry],
    }),
  };
}

interface Operation {
  name: string;
  type: string;
  startedAt: bigint;
}

export function useMetrics(metrics: Metrics, options: { endpoint: string; graphqlEndpoint: string }): Plugin {
  const { registry } = metrics;
  const operations = new Counter({
    name: 'graphql_operations_total',
    help: 'GraphQL operations handled, by operation name and type',
    labelNames: ['operation_name', 'operation_type'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'graphql_operation_duration_seconds',
    help: 'Time from receiving a GraphQL operation to its result, by operation name and type',
    labelNames: ['operation_name', 'operation_type'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'graphql_errors_total',
    help: 'GraphQL errors returned, by operation name and extensions.code',
    labelNames: ['operation_name', 'code'],
    registers: [registry],
  });
  const http = new Counter({
    name: 'http_responses_total',
    help: 'HTTP responses, by route and status',
    labelNames: ['route', 'status'],
    registers: [registry],
  });
  const names = new Set<string>();
  // The operations of a request in the order they were parsed; results come back in that order.
  const byRequest = new WeakMap<Request, Operation[]>();

  const label = (name: string) => {
    if (names.has(name)) return name;
    if (names.size >= MAX_OPERATION_NAMES) return 'other';
    names.add(name);
    return name;
  };

  return {
    async onRequest({ url, endResponse, fetchAPI }) {
      if (url.pathname !== options.endpoint) return;
      endResponse(
        new fetchAPI.Response(await registry.metrics(), {
          status: 200,
          headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' },
        }),
      );
    },
    onParams({ params, request }) {
      const type = /^\s*(mutation|subscription)\b/.exec(params.query ?? '')?.[1] ?? 'query';
      const op: Operation = {
        name: label(safeOperationName(params.operationName ?? operationNameIn(params.query))),
        type,
        startedAt: process.hrtime.bigint(),
      };
      const list = byRequest.get(request) ?? [];
      list.push(op);
      byRequest.set(request, list);
    },
    // onResultProcess sees every result, including those served from the response cache.
    onResultProcess({ request, result }) {
      const ops = byRequest.get(request) ?? [];
      const results = Array.isArray(result) ? result : [result];
      results.forEach((one, i) => {
        const op = ops[i];
        if (!op) return;
        const labels = { operation_name: op.name, operation_type: op.type };
        operations.inc(labels);
        duration.observe(labels, Number(process.hrtime.bigint() - op.startedAt) / 1e9);
        if (!one || Symbol.asyncIterator in one) return;
        if ((one as unknown as Record<symbol, unknown>)[Symbol.for('servedFromResponseCache')]) {
          metrics.cacheHits.inc({ operation_name: op.name });
        }
        for (const error of one.errors ?? []) {
          errors.inc({ operation_name: op.name, code: String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR') });
        }
      });
    },
    onResponse({ request, response }) {
      const path = new URL(request.url, 'http://localhost').pathname;
      const route = path === options.graphqlEndpoint || KNOWN_ROUTES.has(path) ? path : 'other';
      http.inc({ route, status: String(response.status) });
    },
  };
}

const KNOWN_ROUTES = new Set(['/health', '/healthz', '/ready', '/metrics']);
