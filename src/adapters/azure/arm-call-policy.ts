import type { PipelinePolicy } from '@azure/core-rest-pipeline';

export interface ArmCall {
  method: string;
  /** The resource type and action, without names: `PUT gateways`, `GET operationresults`. */
  operation: string;
  status: number;
  durationMs: number;
  path: string;
}

/** Reports every HTTP call an Azure SDK client makes, after its retries, for logs and metrics. */
export function armCallPolicy(report: (call: ArmCall) => void): PipelinePolicy {
  return {
    name: 'armCallReport',
    async sendRequest(request, next) {
      const started = Date.now();
      const path = new URL(request.url).pathname;
      const done = (status: number) =>
        report({ method: request.method, operation: `${request.method} ${operationOf(path)}`, status, durationMs: Date.now() - started, path });
      try {
        const response = await next(request);
        done(response.status);
        return response;
      } catch (error) {
        done((error as { statusCode?: number }).statusCode ?? 0);
        throw error;
      }
    },
  };
}

/**
 * The resource type an ARM path addresses. ARM paths alternate type and name (`providers/{ns}`
 * is a pair too), so an even count ends on a name and an odd count on a collection.
 */
export function operationOf(path: string): string {
  const segments = path.split('/').filter(Boolean);
  if (segments.length === 0) return 'root';
  return segments.length % 2 === 0 ? segments[segments.length - 2] : segments[segments.length - 1];
}
