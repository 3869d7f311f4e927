import type { FastifyContextConfig, FastifyInstance } from 'fastify';

/** The largest uploaded file a form accepts unless its route says otherwise. */
export const uploadLimitBytes = 5 * 1024 * 1024;

/**
 * Route config for a rate limit per client address. RATE_LIMITS=off lifts them, for benchmarks
 * that send thousands of writes from one address.
 */
export function rateLimited(app: FastifyInstance, max: number, timeWindow: string): FastifyContextConfig {
  if (!app.config.rateLimits) return {};
  return { rateLimit: { max, timeWindow } } as FastifyContextConfig;
}
