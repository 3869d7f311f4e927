import type { FastifyReply, FastifyRequest } from 'fastify';

export interface Viewer {
  id: number;
  handle: string;
  displayName: string;
  role: 'admin' | 'member';
  emailVerified: boolean;
}

export interface Flash {
  kind: 'success' | 'info' | 'warning';
  text: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in member, or null for a visitor. Set once per request, before any handler. */
    viewer: Viewer | null;
    /** Hash of the session cookie's token, when the request came with a valid session. */
    sessionId: string | null;
    /** True when the request authenticated with a personal access token instead of a cookie. */
    viaToken: boolean;
    flashes: Flash[];
  }
  interface FastifyReply {
    flash(kind: Flash['kind'], text: string): void;
  }
}

/** What every page view needs to know about the request it renders for. */
export interface PageContext {
  viewer: Viewer | null;
  hubName: string;
  csrfToken: string;
  flashes: Flash[];
  path: string;
  /** Unread notifications of the viewer, for the header (counted by the notifications area). */
  unreadNotifications?: number;
}

export function isAdmin(viewer: Viewer | null): boolean {
  return viewer?.role === 'admin';
}

const csrfTokens = new WeakMap<FastifyRequest, string>();

/**
 * One CSRF token per request. When the browser has no CSRF cookie yet, each generateCsrf() call
 * makes a new secret and only the last cookie set survives, so a page built from several parts
 * (a section rendered before the layout) must share one token.
 */
export function csrfTokenFor(request: FastifyRequest, reply: FastifyReply): string {
  let token = csrfTokens.get(request);
  if (token === undefined) {
    token = reply.generateCsrf();
    csrfTokens.set(request, token);
  }
  return token;
}

export function pageContext(request: FastifyRequest, reply: FastifyReply): PageContext {
  return {
    viewer: request.viewer,
    hubName: request.server.hub.name(),
    csrfToken: csrfTokenFor(request, reply),
    flashes: request.flashes,
    path: request.url.split('?')[0] ?? '/',
    unreadNotifications: request.unreadNotifications ?? undefined,
  };
}
