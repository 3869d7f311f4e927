import type { FastifyContextConfig, FastifyInstance } from 'fastify';

/**
 * Route config for a rate limit per client address. RATE_LIMITS=off lifts them, for benchmarks
 * that send thousands of writes from one address.
 */
export function rateLimited(app: FastifyInstance, max: number, timeWindow: string): FastifyContextConfig {
  if (!app.config.rateLimits) return {};
  return { rateLimit: { max, timeWindow } } as FastifyContextConfig;
}
