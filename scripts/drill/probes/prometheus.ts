import type { Probe } from '../../../src/schemas/drill.ts';
import { networkReason, type ProbeCheck } from './probe.ts';

type Prometheus = Extract<Probe, { type: 'prometheus' }>;

/** `> 0`, `== 1`…: true when `value` meets the condition. */
export function meets(value: number, condition: string): boolean {
  const m = /^(==|!=|>=|<=|>|<)\s*(-?\d+(?:\.\d+)?)$/.exec(condition.trim());
  if (!m) throw new Error(`not a condition: "${condition}"; expected one like "> 0" or "== 1"`);
  const limit = Number(m[2]);
  switch (m[1]) {
    case '==': return value === limit;
    case '!=': return value !== limit;
    case '>=': return value >= limit;
    case '<=': return value <= limit;
    case '>': return value > limit;
    default: return value < limit;
  }
}

interface QueryAnswer {
  status: string;
  error?: string;
  data?: { resultType: string; result: unknown };
}

/** An instant query; the first sample's value must meet the condition. No sample is a failure. */
export const checkPrometheus: ProbeCheck<Prometheus> = async (p, { signal }) => {
  const url = new URL('api/v1/query', p.url.endsWith('/') ? p.url : `${p.url}/`);
  url.searchParams.set('query', p.query);
  let answer: QueryAnswer;
  try {
    const response = await fetch(url, { signal });
    answer = (await response.json()) as QueryAnswer;
    if (answer.status !== 'success') return { ok: false, detail: `query failed: ${answer.error ?? response.status}` };
  } catch (error) {
    return { ok: false, detail: networkReason(error) };
  }
  const result = answer.data?.result;
  const sample = answer.data?.resultType === 'scalar' ? (result as [number, string]) : (result as { value: [number, string] }[] | undefined)?.[0]?.value;
  if (!sample) return { ok: false, detail: 'no sample (the query returned nothing)' };
  const value = Number(sample[1]);
  return { ok: meets(value, p.expect), detail: `value ${sample[1]} (expected ${p.expect})` };
};
