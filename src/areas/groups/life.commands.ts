import { sql } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { GroupNotify } from '../../db/schema.ts';
import { t } from '../../i18n/i18n.ts';
import type { Mailer } from '../../mail/mailer.ts';
import { withoutBlockers } from '../moderation/moderation.queries.ts';
import { settleWaiting } from '../notifications/index.ts';
import type { MailContext } from './groups.commands.ts';
import type { MessageInput } from './life.forms.ts';
import { maxPins, messageRecipients, type PinnableType } from './life.queries.ts';

// ---- Pins ----------------------------------------------------------------------------------

export type PinResult = { ok: true; already: boolean } | { ok: false; error: 'not-in-group' | 'too-many' };

/** Whether the thing is in the group and may be pinned: a live post of its conversation, or a published pitch posted into it. */
async function belongsToGroup(db: Database, groupId: number, subject: { type: PinnableType; id: number }): Promise<boolean> {
  if (subject.type === 'post') {
    const row = await db
      .selectFrom('posts')
      .innerJoin('threads', 'threads.id', 'posts.thread_id')
      .select('posts.id')
      .where('posts.id', '=', subject.id)
      .where('threads.subject_type', '=', 'group')
      .where('threads.subject_id', '=', groupId)
      .where('posts.deleted_at', 'is', null)
      .where('posts.hidden_at', 'is', null)
      .executeTakeFirst();
    return row !== undefined;
  }
  const row = await db
    .selectFrom('pitches')
    .select('id')
    .where('id', '=', subject.id)
    .where('group_id', '=', groupId)
    .where('status', '=', 'published')
    .executeTakeFirst();
  return row !== undefined;
}

/** Pins a post or pitch of the group to the top of its page; at most `maxPins` at a time. */
export async function pin(db: Database, groupId: number, subject: { type: PinnableType; id: number }, userId: number): Promise<PinResult> {
  return db.transaction().execute(async (tx) => {
    // One pinning at a time per group, so the limit holds.
    await tx.selectFrom('groups').select('id').where('id', '=', groupId).forUpdate().execute();
    if (!(await belongsToGroup(tx, groupId, subject))) return { ok: false, error: 'not-in-group' } as const;
    const existing = await tx
      .selectFrom('pins')
      .select('id')
      .where('group_id', '=', groupId)
      .where('subject_type', '=', subject.type)
      .where('subject_id', '=', subject.id)
      .executeTakeFirst();
    if (existing) return { ok: true, already: true } as const;
    const count = await tx.selectFrom('pins').select((eb) => eb.fn.countAll<number>().as('count')).where('group_id', '=', groupId).executeTakeFirst();
    if (Number(count?.count ?? 0) >= maxPins) return { ok: false, error: 'too-many' } as const;
    await tx.insertInto('pins').values({ group_id: groupId, subject_type: subject.type, subject_id: subject.id, pinned_by: userId }).execute();
    return { ok: true, already: false } as const;
  });
}

export async function unpin(db: Database, groupId: number, subject: { type: PinnableType; id: number }): Promise<{ ok: boolean }> {
  const result = await db
    .deleteFrom('pins')
    .where('group_id', '=', groupId)
    .where('subject_type', '=', subject.type)
    .where('subject_id', '=', subject.id)
    .executeTakeFirst();
  return { ok: Number(result.numDeletedRows) > 0 };
}

// ---- How a member hears of the group ---------------------------------------------------------

/**
 * Saves how an active member hears of new posts and pitches in the group. What is still waiting
 * for their daily summary follows the new choice.
 */
export async function setNotifyChoice(db: Database, groupId: number, userId: number, choice: GroupNotify): Promise<{ ok: true } | { ok: false; error: 'not-member' }> {
  return db.transaction().execute(async (tx) => {
    const updated = await tx
      .updateTable('group_members')
      .set({ notify: choice })
      .where('group_id', '=', groupId)
      .where('user_id', '=', userId)
      .where('status', '=', 'active')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) return { ok: false, error: 'not-member' } as const;
    const pitches = await tx.selectFrom('pitches').select('id').where('group_id', '=', groupId).execute();
    await settleWaiting(tx, {
      userId,
      kind: 'group',
      subjects: [
        { type: 'group', ids: [groupId] },
        { type: 'pitch', ids: pitches.map((row) => row.id) },
      ],
      delivery: choice,
    });
    return { ok: true } as const;
  });
}

// ---- Messages to every member ----------------------------------------------------------------

/** Messages one group may send in a day, whoever sends them. */
export const messagesPerDay = 3;

export type MessageResult = { ok: true; recipients: number } | { ok: false; error: 'too-many' };

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * Emails a facilitator's message to every active member with a confirmed address (not those who
 * only asked or were invited, not suspended members, not those who blocked the sender), saying
 * which group it comes from and who wrote it, with a link to their choice of notifications for
 * the group. The message and its emails are stored together, or not at all.
 */
export async function sendGroupMessage(
  db: Database,
  mailer: Mailer,
  context: MailContext,
  group: { id: number; slug: string; name: string },
  sender: { id: number; name: string },
  input: MessageInput,
): Promise<MessageResult> {
  return db.transaction().execute(async (tx) => {
    // One message at a time per group, so the daily limit holds.
    await tx.selectFrom('groups').select('id').where('id', '=', group.id).forUpdate().execute();
    const recent = await tx
      .selectFrom('group_messages')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('group_id', '=', group.id)
      .where('created_at', '>', new Date(Date.now() - 24 * 60 * 60 * 1000))
      .executeTakeFirst();
    if (Number(recent?.count ?? 0) >= messagesPerDay) return { ok: false, error: 'too-many' } as const;

    const members = await messageRecipients(tx, group.id);
    const allowed = new Set(await withoutBlockers(tx, members.map((m) => m.id), sender.id));
    const recipients = members.filter((m) => allowed.has(m.id));
    await tx
      .insertInto('group_messages')
      .values({ group_id: group.id, sender_id: sender.id, subject: input.subject, body: input.body, recipient_count: recipients.length })
      .execute();

    const groupUrl = `${context.publicUrl}/groups/${group.slug}`;
    const params = { group: group.name, sender: sender.name, hub: context.hubName };
    const subject = oneLine(t('groups.message.email.subject', { group: group.name, subject: input.subject })).slice(0, 250);
    for (const recipient of recipients) {
      await mailer.queue(
        {
          to: recipient.email,
          subject,
          text: [
            t('groups.message.email.hello', { name: recipient.display_name }),
            '',
            t('groups.message.email.intro', params),
            '',
            input.subject,
            '',
            input.body,
            '',
            '-- ',
            t('groups.message.email.group', params),
            groupUrl,
            '',
            t('groups.message.email.why', params),
            t('groups.message.email.preferences'),
            `${groupUrl}/notifications`,
          ].join('\n'),
        },
        tx,
      );
    }
    return { ok: true, recipients: recipients.length } as const;
  });
}

// ---- Deleting a group ----------------------------------------------------------------------

export type DeleteResult =
  | { ok: true; name: string; subgroups: number; pitches: number; /** Files of the groups' wiki pages, to remove once committed. */ storedFiles: string[] }
  | { ok: false; error: 'not-found' };

/**
 * Deletes a group and every sub-group under it, in one transaction. Nothing in them becomes more
 * visible than it was: pitches posted into them go back to drafts (seen by their own team and
 * administrators only) before the groups go; the conversations, their reports, pins, messages,
 * invitations, memberships, group wiki pages and notifications about the groups go with them.
 * Each deleted group is written to the moderation log.
 */
export async function deleteGroup(db: Database, groupId: number, actorId: number): Promise<DeleteResult> {
  return db.transaction().execute(async (tx) => {
    const tree = await sql<{ id: number | string; name: string }>`
      with recursive tree(id) as (
        select id from groups where id = ${groupId}
        union all select g.id from groups g join tree on g.parent_id = tree.id)
      select g.id, g.name from groups g join tree on tree.id = g.id
      for update of g`.execute(tx);
    const groups = tree.rows.map((row) => ({ id: Number(row.id), name: row.name }));
    const top = groups.find((group) => group.id === groupId);
    if (!top) return { ok: false, error: 'not-found' } as const;
    const ids = groups.map((group) => group.id);
    const now = new Date();

    const withdrawn = await tx
      .updateTable('pitches')
      .set({ status: 'draft', group_id: null, updated_at: now, version: sql<number>`version + 1` })
      .where('group_id', 'in', ids)
      .returning('id')
      .execute();

    const threads = await tx.selectFrom('threads').select('id').where('subject_type', '=', 'group').where('subject_id', 'in', ids).execute();
    const threadIds = threads.map((row) => row.id);
    if (threadIds.length > 0) {
      await tx
        .updateTable('flags')
        .set({ status: 'resolved', resolved_by: actorId, resolved_at: now })
        .where('subject_type', '=', 'post')
        .where('status', '=', 'open')
        .where('subject_id', 'in', (eb) => eb.selectFrom('posts').select('posts.id').where('posts.thread_id', 'in', threadIds))
        .execute();
      await tx.deleteFrom('threads').where('id', 'in', threadIds).execute();
    }
    await tx.deleteFrom('notifications').where('subject_type', '=', 'group').where('subject_id', 'in', ids).execute();
    await tx.deleteFrom('activities').where('subject_type', '=', 'group').where('subject_id', 'in', ids).execute();
    const files = await tx
      .selectFrom('knowledge_attachments')
      .innerJoin('knowledge_pages', 'knowledge_pages.id', 'knowledge_attachments.page_id')
      .select('knowledge_attachments.stored_path')
      .where('knowledge_pages.group_id', 'in', ids)
      .execute();
    await tx.deleteFrom('knowledge_pages').where('group_id', 'in', ids).execute();

    await tx
      .insertInto('moderation_log')
      .values(
        groups.map((group) => ({
          actor_id: actorId,
          action: 'delete-group',
          subject_type: 'group',
          subject_id: group.id,
          reason:
            group.id === groupId
              ? t('groups.delete.logged', { name: group.name, subgroups: groups.length - 1, pitches: withdrawn.length })
              : t('groups.delete.loggedSubgroup', { name: group.name, parent: top.name }),
        })),
      )
      .execute();
    await tx.deleteFrom('groups').where('id', 'in', ids).execute();
    return { ok: true, name: top.name, subgroups: groups.length - 1, pitches: withdrawn.length, storedFiles: files.map((file) => file.stored_path) } as const;
  });
}
