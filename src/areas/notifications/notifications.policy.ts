import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/database.ts';
import type { Viewer } from '../../web/context.ts';

export interface RecipientRow {
  id: number;
  handle: string;
  display_name: string;
  role: 'admin' | 'member';
  email_verified_at: Date | null;
}

/** The member as the subject's owner judges viewers, so a notification shows nothing its page would not. */
export function viewerFromUser(row: RecipientRow): Viewer {
  return {
    id: row.id,
    handle: row.handle,
    displayName: row.display_name,
    role: row.role,
    emailVerified: row.email_verified_at !== null,
  };
}

/**
 * The recipients who may see the subject. A subject visible to everyone (a published pitch) needs
 * one question for all of them; otherwise each recipient is asked about as themselves, which is
 * the only rule that stays right when subjects get narrower audiences (closed groups).
 */
export async function recipientsWhoMaySee<R extends RecipientRow>(
  app: FastifyInstance,
  db: Database,
  recipients: R[],
  subject: { type: string; id: number },
): Promise<R[]> {
  if (recipients.length === 0 || !app.subjects.has(subject.type)) return [];
  if ((await app.subjects.get(subject.type).isPublic(db, [subject.id])).has(subject.id)) return recipients;
  const allowed: R[] = [];
  for (const recipient of recipients) {
    if (await app.subjects.canView(db, viewerFromUser(recipient), subject.type, subject.id)) allowed.push(recipient);
  }
  return allowed;
}

/** Emails go only to confirmed addresses, so a mistyped or borrowed address never receives what happens here. */
export function mayBeEmailed(row: { email_verified_at: Date | null }): boolean {
  return row.email_verified_at !== null;
}
