import type { FastifyInstance } from 'fastify';
import { t } from '../../i18n/i18n.ts';
import { notify, type Delivery } from '../notifications/index.ts';

/**
 * Members to tell of something new in a group, with how each wants to hear of it (every post at
 * once, or a daily summary); members who chose "off", and those in `skip`, are left out.
 * Suspended members, those who blocked the actor and anyone who may not see the subject are
 * dropped by notify, by its usual rules.
 */
async function audience(app: FastifyInstance, groupId: number, skip: Set<number>) {
  const rows = await app.db
    .selectFrom('group_members')
    .select(['user_id', 'notify'])
    .where('group_id', '=', groupId)
    .where('status', '=', 'active')
    .where('notify', '<>', 'off')
    .execute();
  const deliveries = new Map<number, Delivery>();
  for (const row of rows) if (!skip.has(row.user_id)) deliveries.set(row.user_id, row.notify);
  return deliveries;
}

async function nameOf(app: FastifyInstance, userId: number): Promise<string> {
  return (await app.db.selectFrom('users').select('display_name').where('id', '=', userId).executeTakeFirst())?.display_name ?? '';
}

/**
 * A new post or reply in a group's conversation. Those the conversation tells anyway (whoever
 * follows it, the author of the post answered, anyone mentioned) are not told twice.
 */
export async function tellMembersOfPost(app: FastifyInstance, groupId: number, postId: number, authorId: number): Promise<void> {
  const post = await app.db
    .selectFrom('posts')
    .innerJoin('threads', 'threads.id', 'posts.thread_id')
    .innerJoin('groups', 'groups.id', 'threads.subject_id')
    .select(['posts.id', 'posts.parent_id', 'posts.thread_id', 'posts.deleted_at', 'posts.hidden_at', 'groups.name'])
    .where('posts.id', '=', postId)
    .where('threads.subject_type', '=', 'group')
    .where('threads.subject_id', '=', groupId)
    .executeTakeFirst();
  if (!post || post.deleted_at || post.hidden_at) return;
  const told = new Set<number>([authorId]);
  const followers = await app.db.selectFrom('thread_followers').select('user_id').where('thread_id', '=', post.thread_id).execute();
  for (const row of followers) told.add(row.user_id);
  const mentioned = await app.db.selectFrom('post_mentions').select('user_id').where('post_id', '=', postId).execute();
  for (const row of mentioned) told.add(row.user_id);
  if (post.parent_id !== null) {
    const parent = await app.db.selectFrom('posts').select('author_id').where('id', '=', post.parent_id).executeTakeFirst();
    if (parent?.author_id) told.add(parent.author_id);
  }
  const deliveries = await audience(app, groupId, told);
  if (deliveries.size === 0) return;
  const params = { actor: await nameOf(app, authorId), group: post.name };
  await notify(app, {
    recipients: [...deliveries.keys()],
    kind: 'group',
    actorId: authorId,
    subject: { type: 'group', id: groupId },
    text: t(post.parent_id === null ? 'groups.notify.post' : 'groups.notify.reply', params),
    url: `/posts/${postId}`,
    deliveries,
  });
}

/**
 * A pitch published into a group (or a published pitch moved into one). Its team knows already.
 * The notification is about the pitch, so it is shown only while the pitch may be seen.
 */
export async function tellMembersOfPitch(app: FastifyInstance, pitchId: number, actorId: number): Promise<void> {
  const pitch = await app.db
    .selectFrom('pitches')
    .innerJoin('groups', 'groups.id', 'pitches.group_id')
    .select(['pitches.id', 'pitches.slug', 'pitches.title', 'pitches.status', 'groups.id as group_id', 'groups.name'])
    .where('pitches.id', '=', pitchId)
    .executeTakeFirst();
  if (!pitch || pitch.status !== 'published') return;
  const team = await app.db.selectFrom('pitch_team').select('user_id').where('pitch_id', '=', pitchId).execute();
  const deliveries = await audience(app, pitch.group_id, new Set([actorId, ...team.map((row) => row.user_id)]));
  if (deliveries.size === 0) return;
  await notify(app, {
    recipients: [...deliveries.keys()],
    kind: 'group',
    actorId,
    subject: { type: 'pitch', id: pitch.id },
    text: t('groups.notify.pitch', { actor: await nameOf(app, actorId), title: pitch.title, group: pitch.name }),
    url: `/pitches/${pitch.slug}`,
    deliveries,
  });
}
