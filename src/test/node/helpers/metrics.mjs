// /metrics read with a real Prometheus text-format parser, for the metrics tests.
//
// Not a test file: only `*.test.mjs` files are picked up by `node --test src/test/node/`.

import parsePrometheusTextFormat from 'parse-prometheus-text-format';

/** GET /metrics (with the bearer token when given), parsed: a Map of family name → family. */
export async function scrape(server, token) {
  const headers = token ? { Authorization: `Bearer ${token}` } : {};
  const res = await server.http('GET', '/metrics', { headers });
  if (res.status !== 200) throw new Error(`/metrics: ${res.status} ${res.text}`);
  return new Map(parsePrometheusTextFormat(res.text).map((family) => [family.name, family]));
}

/** The value of the sample of `name` whose labels include `labels` (0 when there is none). */
export function value(families, name, labels = {}) {
  const family = families.get(name);
  if (!family) throw new Error(`no metric ${name}`);
  const sample = family.metrics.find((m) =>
    Object.entries(labels).every(([k, v]) => (m.labels || {})[k] === v),
  );
  return sample ? Number(sample.value) : 0;
}

/**
 * The observation count of a histogram with one series. The parser folds a labelled histogram's samples into one and
 * keeps only its buckets; every series carries the `node` label, so the `+Inf` bucket (the same number) stands in for
 * the count when there is none. Histograms with several series are refused, as the parser would mix them.
 */
export function count(families, name) {
  const family = families.get(name);
  if (!family) throw new Error(`no metric ${name}`);
  if (family.type !== 'HISTOGRAM') throw new Error(`${name} is a ${family.type}, not a histogram`);
  const [only] = family.metrics;
  const observed = family.metrics.length === 1 ? (only.count ?? only.buckets?.['+Inf']) : undefined;
  if (observed === undefined) {
    throw new Error(`${name}: expected one histogram series, got ${JSON.stringify(family.metrics)}`);
  }
  return Number(observed);
}
