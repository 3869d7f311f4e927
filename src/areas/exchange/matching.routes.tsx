import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Viewer } from '../../web/context.ts';
import { sendJson } from '../../web/representations.ts';
import { t } from '../../i18n/i18n.ts';
import { notify } from '../notifications/index.ts';
import { tellMembersOfPitch } from '../groups/life.notify.ts';
import { matchesForPitch, membersToTell, pitchesForMember, type MatchReason, type MemberMatch, type PitchMatch } from './matching.queries.ts';
import { MatchesSection, reasonText } from './matching.views.tsx';
import { findPitchForSignals } from './signals.queries.ts';

export { MatchesList } from './matching.views.tsx';

/** The suggestions part of a pitch page; nothing for a viewer who may not see the pitch. */
export async function matchesSection(
  app: FastifyInstance,
  request: FastifyRequest,
  _reply: FastifyReply,
  pitch: { id: number; slug: string; title: string },
): Promise<JSX.Element> {
  const matches = await matchesForPitch(app.db, request.viewer, pitch.id, app.results);
  return matches ? <MatchesSection matches={matches} /> : <></>;
}

const newPitchJob = 'pitch-published';

/**
 * Tells, in the background, who should hear of a newly published pitch (`tellOfNewPitch`):
 * matching a pitch against 150,000 members takes longer than a person should wait for "Published".
 * Sent after the pitch is committed; a job that fails is logged, not repeated, so nobody is told twice.
 */
export async function notifyMatchesOfNewPitch(app: FastifyInstance, pitchId: number, actorId: number) {
  await app.jobs.send(newPitchJob, { pitchId, actorId });
}

/**
 * Tells the members and funders who fit a newly published pitch (kind 'match', a weekly digest
 * unless they choose otherwise), and the members of the group it was posted into (as each of them
 * chose for the group). Matching uses only what their profiles show everyone, so nobody is chosen
 * for a field they keep to themselves; a pitch in a closed or secret group is matched only among
 * that group's members.
 */
async function tellOfNewPitch(app: FastifyInstance, pitchId: number, actorId: number) {
  try {
    await tellMembersOfPitch(app, pitchId, actorId);
  } catch (error) {
    app.log.error({ err: error }, 'Telling a group about a new pitch failed');
  }
  try {
    const matched = await membersToTell(app.db, pitchId);
    const pitch = await app.db.selectFrom('pitches').select(['slug', 'title']).where('id', '=', pitchId).executeTakeFirst();
    if (!pitch) return;
    const handles = [...new Set(matched.map((member) => member.handle))];
    if (handles.length === 0) return;
    const recipients = await app.db.selectFrom('users').select('id').where('handle', 'in', handles).execute();
    await notify(app, {
      recipients: recipients.map((row) => row.id),
      kind: 'match',
      actorId,
      subject: { type: 'pitch', id: pitchId },
      text: t('matches.notify', { title: pitch.title }),
      url: `/pitches/${pitch.slug}`,
    });
  } catch (error) {
    app.log.error({ err: error }, 'Telling members about a new matching pitch failed');
  }
}

/** Pitches that fit a signed-in member's interests and skills, for the home page (`MatchesList`). */
export async function matchesForMember(app: FastifyInstance, viewer: Viewer): Promise<PitchMatch[]> {
  return pitchesForMember(app.db, viewer, app.results);
}

const slugPattern = /^[a-z0-9-]{1,120}$/;

const reasonsSchema = z.array(z.string()).describe('Why it fits, e.g. "shares tags: open data".');
const matchesSchema = z.object({
  pitches: z
    .array(z.object({ slug: z.string(), title: z.string(), kind: z.string(), url: z.string(), reasons: reasonsSchema }))
    .describe('Offers that could meet this pitch, or needs this offer could meet (at most 5).'),
  people: z.array(z.object({ handle: z.string(), name: z.string(), url: z.string(), reasons: reasonsSchema })).describe('Members whose skills fit (at most 5).'),
  funders: z.array(z.object({ handle: z.string(), name: z.string(), url: z.string(), reasons: reasonsSchema })).describe('Funders who might be interested (at most 5).'),
});

export async function matchingRoutes(app: FastifyInstance) {
  app.jobs.define<{ pitchId: number; actorId: number }>(newPitchJob, async ({ pitchId, actorId }) => tellOfNewPitch(app, pitchId, actorId), {
    retryLimit: 0,
  });
  const publicUrl = app.config.publicUrl;
  const reasons = (list: MatchReason[]) => list.map(reasonText);
  const member = (m: MemberMatch) => ({ handle: m.handle, name: m.name, url: `${publicUrl}/members/${m.handle}`, reasons: reasons(m.reasons) });

  app.apiDocs.add({
    method: 'get',
    path: '/pitches/{slug}/matches.json',
    summary: 'People and offers that fit a pitch',
    description:
      'Suggestions from shared tags, words and places: complementary pitches, members whose skills fit and funders. Members are matched only on the parts of their profiles you may see.',
    tag: 'Pitches',
    auth: 'optional',
    params: z.object({ slug: z.string().describe('The last part of the pitch’s address.') }),
    response: matchesSchema,
  });

  app.get<{ Params: { slug: string } }>('/pitches/:slug/matches.json', async (request, reply) => {
    const slug = request.params.slug;
    const pitch = slugPattern.test(slug) ? await findPitchForSignals(app.db, request.viewer, slug) : undefined;
    const matches = pitch ? await matchesForPitch(app.db, request.viewer, pitch.id, app.results) : undefined;
    if (!matches) return app.showMessage(request, reply, 404, { title: 'error.notFound.title', body: 'error.notFound.body' });
    return sendJson(reply, matchesSchema, {
      pitches: matches.pitches.map((p) => ({ slug: p.slug, title: p.title, kind: p.kind, url: `${publicUrl}/pitches/${p.slug}`, reasons: reasons(p.reasons) })),
      people: matches.people.map(member),
      funders: matches.funders.map(member),
    });
  });
}
