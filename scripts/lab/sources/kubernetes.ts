import { z } from 'astro/zod';
import type { Collector, FetchContext, Observation, RawOutput } from '../collector.ts';
import { OBJECTS, readList, type K8sList } from './kubernetes/objects.ts';
import { parseObjects } from './kubernetes/parse.ts';
import { sanitizeList } from './kubernetes/sanitize.ts';

export const KubernetesConfigSchema = z.object({
  name: z.string().min(1),
  type: z.literal('kubernetes'),
  /** kubeconfig context to use; absent = the current context. */
  context: z.string().min(1).refine((s) => !s.startsWith('-'), 'must be a context name, not an option').optional(),
  /** Path of the kubeconfig file; absent = kubectl's default (`$KUBECONFIG`, `~/.kube/config`). */
  kubeconfig: z.string().min(1).refine((s) => !s.startsWith('-'), 'must be a path, not an option').optional(),
  /** Name used in ids (`container:<cluster>/<namespace>/<pod>`); default: the context, else the source name. */
  cluster: z.string().min(1).regex(/^\S+$/, 'must not contain whitespace').optional(),
  /** Milliseconds before `kubectl` is given up on. */
  timeoutMs: z.number().int().positive().optional(),
});
export type KubernetesConfig = z.infer<typeof KubernetesConfigSchema>;

/** What is listed. Never `secrets` (nor `all`, whose meaning depends on the server). */
export const RESOURCES = ['nodes', 'namespaces', 'pods', 'deployments', 'statefulsets', 'daemonsets', 'services', 'ingresses', 'persistentvolumeclaims'] as const;

export function kubectlArgs(config: KubernetesConfig): string[] {
  const args = ['get', RESOURCES.join(','), '--all-namespaces', '-o', 'json'];
  if (config.context) args.push('--context', config.context);
  if (config.kubeconfig) args.push('--kubeconfig', config.kubeconfig);
  return args;
}

function clusterName(config: KubernetesConfig): string {
  return config.cluster ?? config.context ?? config.name;
}

function where(config: KubernetesConfig): string {
  return `${config.context ? `context ${config.context}` : 'the current context'}${config.kubeconfig ? ` of ${config.kubeconfig}` : ''}`;
}

function explain(reason: string, config: KubernetesConfig): string {
  const cmd = '`kubectl get …`';
  if (/timed out/i.test(reason)) return `${cmd} on ${where(config)} timed out: is the API server reachable (\`kubectl cluster-info\`)?`;
  if (/is not installed or not on PATH|command not found/i.test(reason)) return 'kubectl is not installed or not on PATH: install it (https://kubernetes.io/docs/tasks/tools/).';
  const context = /context "([^"]*)" does not exist/i.exec(reason);
  if (context) return `context "${context[1]}" does not exist in the kubeconfig: check \`context\` in content/lab/sources.yaml against \`kubectl config get-contexts\`.`;
  if (/no configuration has been provided|stat .*: no such file|kubeconfig/i.test(reason)) return `no usable kubeconfig for ${where(config)}: check \`kubeconfig\` in content/lab/sources.yaml or $KUBECONFIG.`;
  if (/Unable to connect to the server|connection refused|no such host|i\/o timeout|certificate/i.test(reason)) return `cannot reach the API server of ${where(config)}: check that the cluster is up and the kubeconfig's server address (\`kubectl cluster-info\`).`;
  if (/Unauthorized|must be logged in|provide credentials/i.test(reason)) return `the API server of ${where(config)} rejected the credentials: refresh them (log in again) and retry.`;
  if (/forbidden/i.test(reason)) return `the user of ${where(config)} may not list everything: grant get/list on ${RESOURCES.join(', ')} in all namespaces.`;
  if (/doesn't have a resource type/i.test(reason)) return `the API server of ${where(config)} lacks a listed resource type (ingresses on a very old cluster?): see the message.`;
  return `${cmd} on ${where(config)} failed: run \`kubectl ${kubectlArgs(config).join(' ')}\` by hand to see why.`;
}

function oneLine(text: string): string {
  return text.trim().split('\n').map((l) => l.trim()).filter(Boolean).slice(-3).join(' ');
}

function list(text: string, config: KubernetesConfig, what: string): K8sList {
  const result = readList(text, what);
  if (typeof result === 'string') throw new Error(`kubernetes source ${config.name}: ${result}`);
  return result;
}

/** One `kubectl get` of every kind parse reads; the output is sanitized before anything keeps it. */
async function fetchKubernetes(config: KubernetesConfig, ctx: FetchContext): Promise<RawOutput> {
  let stdout: string;
  try {
    stdout = await ctx.run('kubectl', kubectlArgs(config), { timeout: config.timeoutMs ?? 60_000 });
  } catch (error) {
    const e = error as { stderr?: unknown; message?: unknown };
    const reason = String(e.stderr ?? e.message ?? error);
    const detail = oneLine(reason);
    throw new Error(`kubernetes source ${config.name}: ${explain(reason, config)}${detail ? ` (${detail})` : ''}`);
  }
  return { [OBJECTS]: sanitizeList(list(stdout, config, `the output of \`kubectl get\` on ${where(config)}`)) };
}

function sanitizeKubernetes(raw: RawOutput, config: KubernetesConfig): RawOutput {
  const text = raw[OBJECTS];
  if (text === undefined) return raw;
  return { ...raw, [OBJECTS]: sanitizeList(list(text, config, OBJECTS)) };
}

export function parseKubernetes(raw: RawOutput, config: KubernetesConfig): Observation {
  const text = raw[OBJECTS];
  if (text === undefined) throw new Error(`kubernetes source ${config.name}: raw output has no ${OBJECTS}; re-record it.`);
  return parseObjects(list(text, config, OBJECTS), clusterName(config), config.name);
}

export const kubernetesCollector: Collector<KubernetesConfig> = {
  type: 'kubernetes',
  configSchema: KubernetesConfigSchema,
  fetch: fetchKubernetes,
  parse: parseKubernetes,
  sanitize: sanitizeKubernetes,
};
