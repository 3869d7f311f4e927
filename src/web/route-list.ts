import type { FastifyInstance, RouteOptions } from 'fastify';

export interface RouteEntry {
  method: string;
  url: string;
}

/**
 * Every route the hub serves, in the order they were added. The privacy matrix test walks this
 * list, so a new read path cannot be added without saying who may see what through it.
 */
export class RouteList {
  private readonly entries: RouteEntry[] = [];

  record(route: RouteOptions) {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    // Fastify adds a HEAD twin to every GET; it answers with the same body rules.
    for (const method of methods) if (method !== 'HEAD') this.entries.push({ method, url: route.url });
  }

  all(): RouteEntry[] {
    return [...this.entries].sort((a, b) => a.url.localeCompare(b.url) || a.method.localeCompare(b.method));
  }

  reads(): string[] {
    return [...new Set(this.all().filter((entry) => entry.method === 'GET').map((entry) => entry.url))];
  }

  /** The Markdown of docs/routes.md. */
  markdown(): string {
    const lines = [
      '# Routes',
      '',
      'Every route the hub serves, made by `seedbed routes`. The privacy matrix test',
      '(`src/journeys/privacy-matrix.test.ts`) fails when a reading route here has no case in it,',
      'and a test checks that this file is up to date.',
      '',
      '| Method | Path |',
      '| --- | --- |',
    ];
    for (const entry of this.all()) lines.push(`| ${entry.method} | \`${entry.url}\` |`);
    return `${lines.join('\n')}\n`;
  }
}

export function recordRoutes(app: FastifyInstance): RouteList {
  const list = new RouteList();
  app.addHook('onRoute', (route) => list.record(route));
  return list;
}
