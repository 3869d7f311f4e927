import type { FastifyInstance } from 'fastify';
import { isAdmin, type Viewer } from '../../web/context.ts';

/**
 * Who moderates a post: administrators, and whoever the area owning the conversation's subject
 * says (a pitch's team, a group's facilitators).
 */
export async function moderatesSubject(app: FastifyInstance, viewer: Viewer | null, type: string | null, id: number | null): Promise<boolean> {
  if (!viewer) return false;
  if (isAdmin(viewer)) return true;
  if (type === null || id === null || !app.subjects.has(type)) return false;
  return app.subjects.get(type).canModerate(app.db, viewer, id);
}

/** Reports on members concern the whole hub: only administrators handle them. */
export function handlesMemberReports(viewer: Viewer | null): boolean {
  return isAdmin(viewer);
}
