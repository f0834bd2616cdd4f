// Prometheus metrics at /metrics. GraphQL operations (count and duration by name and type) and the
// time of each phase (parse, validate, context, execute) come from the maintained yoga plugin
// (@graphql-yoga/plugin-prometheus, built on @envelop/prometheus), with this API's names and labels and
// its guard on operation names. What the plugin does not cover stays here: errors by extensions.code
// for every result (including those refused before execution: limits, persisted queries, bad requests),
// answers served from the response cache, HTTP responses by route and status with routes folded so the
// label space stays small, prom-client's process metrics, and `Cache-Control: no-store` on /metrics.
// Each app owns its registry, so tests can build several.
import { createCounter, createHistogram, usePrometheus, type FillLabelsFnParams } from '@graphql-yoga/plugin-prometheus';
import type { Plugin } from 'graphql-yoga';
import { collectDefaultMetrics, Counter, Registry } from 'prom-client';
import { requestUrl } from '../http/request-url.js';
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

/** Operation names as metric labels: plain GraphQL names only, and at most MAX_OPERATION_NAMES of them. */
function operationLabels() {
  const names = new Set<string>();
  return (name: string | null | undefined) => {
    const safe = safeOperationName(name);
    if (names.has(safe)) return safe;
    if (names.size >= MAX_OPERATION_NAMES) return 'other';
    names.add(safe);
    return safe;
  };
}

const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const PHASE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const labelNames = ['operation_name', 'operation_type'] as const;

/**
 * The yoga plugin, configured with this API's metric names, labels and operation-name guard. It counts
 * the operations that execute; `operations` and `duration` are handed back so that answers the response
 * cache serves (which never execute) are counted in the same series.
 */
function pluginMetrics(registry: Registry, label: (name: string | null | undefined) => string) {
  const labels = (params: FillLabelsFnParams) => ({ operation_name: label(params.operationName), operation_type: params.operationType ?? 'query' });
  const phase = <P extends 'parse' | 'validate' | 'context' | 'execute'>(name: string, phaseName: P) =>
    createHistogram<P, (typeof labelNames)[number]>({
      registry,
      histogram: { name, help: `Time spent in GraphQL's ${phaseName} phase, by operation name and type`, labelNames, buckets: PHASE_BUCKETS },
      fillLabelsFn: labels,
      phases: [phaseName] as [P],
    });
  type Phase = 'execute' | 'subscribe';
  const operations = createCounter<Phase, (typeof labelNames)[number]>({
    registry,
    counter: { name: 'graphql_operations_total', help: 'GraphQL operations answered (executed or from the response cache), by operation name and type', labelNames },
    fillLabelsFn: labels,
    phases: ['execute', 'subscribe'],
  });
  const duration = createHistogram<Phase, (typeof labelNames)[number]>({
    registry,
    histogram: {
      name: 'graphql_operation_duration_seconds',
      help: 'Time from parsing a GraphQL operation to its result (from receiving it, for cached answers), by operation name and type',
      labelNames,
      buckets: DURATION_BUCKETS,
    },
    fillLabelsFn: labels,
    phases: ['execute', 'subscribe'],
  });
  const plugin = usePrometheus({
    registry,
    endpoint: false,
    metrics: {
      graphql_envelop_request: operations,
      graphql_envelop_request_duration: duration,
      graphql_envelop_phase_parse: phase('graphql_parse_duration_seconds', 'parse'),
      graphql_envelop_phase_validate: phase('graphql_validate_duration_seconds', 'validate'),
      graphql_envelop_phase_context: phase('graphql_context_duration_seconds', 'context'),
      graphql_envelop_phase_execute: phase('graphql_execute_duration_seconds', 'execute'),
      // Counted below, for every result: the plugin sees only errors of parse, validate and execute.
      graphql_envelop_error_result: false,
      graphql_envelop_request_time_summary: false,
      graphql_envelop_deprecated_field: false,
      graphql_envelop_schema_change: false,
      graphql_envelop_phase_subscribe: false,
      // Its url label would take every query string as a new value; http_responses_total folds routes.
      graphql_yoga_http_duration: false,
    },
  });
  return { plugin, operations: operations.counter, duration: duration.histogram };
}

export function useMetrics(metrics: Metrics, options: { endpoint: string; graphqlEndpoint: string }): Plugin {
  const { registry } = metrics;
  const label = operationLabels();
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
  const fromPlugin = pluginMetrics(registry, label);
  // The operations of a request in the order they were parsed; results come back in that order.
  const byRequest = new WeakMap<Request, { name: string; startedAt: bigint }[]>();

  return {
    onPluginInit({ addPlugin }) {
      addPlugin(fromPlugin.plugin);
    },
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
      const list = byRequest.get(request) ?? [];
      list.push({ name: label(params.operationName ?? operationNameIn(params.query)), startedAt: process.hrtime.bigint() });
      byRequest.set(request, list);
    },
    // onResultProcess sees every result, including those served from the response cache.
    onResultProcess({ request, result }) {
      const ops = byRequest.get(request) ?? [];
      const results = Array.isArray(result) ? result : [result];
      results.forEach((one, i) => {
        const op = ops[i];
        if (!op || !one || Symbol.asyncIterator in one) return;
        const name = op.name;
        if ((one as unknown as Record<symbol, unknown>)[Symbol.for('servedFromResponseCache')]) {
          // Only queries are cached; the plugin never sees these, as they do not execute.
          metrics.cacheHits.inc({ operation_name: name });
          const labels = { operation_name: name, operation_type: 'query' };
          fromPlugin.operations.inc(labels);
          fromPlugin.duration.observe(labels, Number(process.hrtime.bigint() - op.startedAt) / 1e9);
        }
        for (const error of one.errors ?? []) {
          errors.inc({ operation_name: name, code: String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR') });
        }
      });
    },
    onResponse({ request, response }) {
      const path = requestUrl(request).pathname;
      const route = path === options.graphqlEndpoint || KNOWN_ROUTES.has(path) ? path : 'other';
      http.inc({ route, status: String(response.status) });
    },
  };
}

const KNOWN_ROUTES = new Set(['/health', '/healthz', '/ready', '/metrics']);
