import type { Database } from '../../db/database.ts';
import type { Viewer } from '../../web/context.ts';
import type { SubjectRegistry } from '../../web/subjects.ts';

/**
 * Who may do what in a conversation. Whether the subject itself may be seen is its own area's
 * rule (app.subjects); everything here starts from there, so a conversation is never wider than
 * what it is about.
 */

export interface SubjectRef {
  type: string;
  id: number;
}

export const subjectTypePattern = /^[a-z][a-z0-9-]{0,39}$/;

export async function canViewConversation(subjects: SubjectRegistry, db: Database, viewer: Viewer | null, subject: SubjectRef) {
  return subjects.canView(db, viewer, subject.type, subject.id);
}

/** Moderators of a conversation: whoever the subject's area says (for a pitch, its team and administrators). */
export async function moderatesConversation(subjects: SubjectRegistry, db: Database, viewer: Viewer | null, subject: SubjectRef) {
  if (!viewer || !subjects.has(subject.type)) return false;
  return subjects.get(subject.type).canModerate(db, viewer, subject.id);
}

/** Any signed-in member who can see the subject may post; the caller has checked that they can. */
export function canPost(viewer: Viewer | null): viewer is Viewer {
  return viewer !== null;
}

/** Editing and deleting: the author, and the conversation's moderators. Deleted posts stay as they are. */
export function canChangePost(viewer: Viewer | null, post: { authorId: number | null; deletedAt: Date | null }, moderator: boolean) {
  if (!viewer || post.deletedAt) return false;
  return moderator || (post.authorId !== null && post.authorId === viewer.id);
}

export function canMarkHelpful(viewer: Viewer | null, post: { deletedAt: Date | null }, moderator: boolean) {
  return viewer !== null && moderator && !post.deletedAt;
}

export function canReact(viewer: Viewer | null, post: { deletedAt: Date | null }): viewer is Viewer {
  return viewer !== null && !post.deletedAt;
}
