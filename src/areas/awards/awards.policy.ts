import type { Database } from '../../db/database.ts';
import type { Viewer } from '../../web/context.ts';
import type { SubjectRegistry } from '../../web/subjects.ts';

/**
 * Kinds of things that can be nominated, as subject types. Only those registered on this hub are
 * offered (stories arrive when their area registers 'story'); only things everyone may see
 * (the subject type's isPublic) can be nominated or shown as nominees.
 */
export const nomineeTypeAllowList = ['pitch', 'story'] as const;

export function nomineeTypes(subjects: SubjectRegistry): string[] {
  return nomineeTypeAllowList.filter((type) => subjects.has(type));
}

export interface RoundTimes {
  nominationsOpenAt: Date;
  nominationsCloseAt: Date;
  votingOpenAt: Date;
  votingCloseAt: Date;
  scoringCloseAt: Date;
  resultsAt: Date;
  publishedAt: Date | null;
}

export type Stage = 'upcoming' | 'nominating' | 'shortlisted' | 'voting' | 'counting' | 'results';

export interface Phase {
  stage: Stage;
  nominating: boolean;
  voting: boolean;
  /** Panellists declare conflicts and score from the close of nominations to the scoring deadline. */
  scoring: boolean;
  resultsOut: boolean;
  /** An administrator may publish the results early once voting and scoring are both over. */
  canPublishEarly: boolean;
  /** Categories, criteria and the weighting are fixed once nominations open, so everyone is judged alike. */
  methodLocked: boolean;
}

export function phaseOf(round: RoundTimes, now: Date): Phase {
  const at = now.getTime();
  const resultsOut = round.publishedAt !== null || at >= round.resultsAt.getTime();
  const nominating = !resultsOut && at >= round.nominationsOpenAt.getTime() && at < round.nominationsCloseAt.getTime();
  const voting = !resultsOut && at >= round.votingOpenAt.getTime() && at < round.votingCloseAt.getTime();
  const scoring = !resultsOut && at >= round.nominationsCloseAt.getTime() && at < round.scoringCloseAt.getTime();
  let stage: Stage;
  if (resultsOut) stage = 'results';
  else if (voting) stage = 'voting';
  else if (nominating) stage = 'nominating';
  else if (at < round.nominationsOpenAt.getTime()) stage = 'upcoming';
  else if (at < round.votingOpenAt.getTime()) stage = 'shortlisted';
  else stage = 'counting';
  return {
    stage,
    nominating,
    voting,
    scoring,
    resultsOut,
    canPublishEarly: !resultsOut && at >= round.votingCloseAt.getTime() && at >= round.scoringCloseAt.getTime(),
    methodLocked: at >= round.nominationsOpenAt.getTime(),
  };
}

/** Nominating and voting: members whose email address is confirmed, so one person is one voice. */
export function mayTakePart(viewer: Viewer | null): viewer is Viewer {
  return viewer !== null && viewer.emailVerified;
}

export interface NomineeRef {
  id: number;
  subjectType: string;
  subjectId: number;
}

/**
 * Panellists' conflicts of interest with nominees that the hub can see for itself: a stake in the
 * nominee as its subject type tells it (a pitch's team, members of its organisations), or, for
 * types that do not say, being able to moderate it as a member. Keyed `${nominationId}:${userId}`,
 * with the reason ('team', 'organisation', 'moderator' or a type's own word).
 */
export async function detectedConflicts(db: Database, subjects: SubjectRegistry, nominees: NomineeRef[], userIds: number[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (nominees.length === 0 || userIds.length === 0) return found;
  const byType = new Map<string, NomineeRef[]>();
  for (const nominee of nominees) byType.set(nominee.subjectType, [...(byType.get(nominee.subjectType) ?? []), nominee]);
  for (const [type, refs] of byType) {
    if (!subjects.has(type)) continue;
    const subjectType = subjects.get(type);
    const bySubject = new Map<number, NomineeRef[]>();
    for (const ref of refs) bySubject.set(ref.subjectId, [...(bySubject.get(ref.subjectId) ?? []), ref]);
    if (subjectType.stakeholders) {
      for (const stake of await subjectType.stakeholders(db, [...bySubject.keys()], userIds)) {
        for (const ref of bySubject.get(stake.id) ?? []) {
          const key = `${ref.id}:${stake.userId}`;
          if (!found.has(key)) found.set(key, stake.reason);
        }
      }
      continue;
    }
    const people = await db.selectFrom('users').select(['id', 'handle', 'display_name', 'email_verified_at']).where('id', 'in', userIds).execute();
    for (const person of people) {
      const asMember: Viewer = { id: person.id, handle: person.handle, displayName: person.display_name, role: 'member', emailVerified: person.email_verified_at !== null };
      for (const [subjectId, list] of bySubject) {
        if (!(await subjectType.canModerate(db, asMember, subjectId))) continue;
        for (const ref of list) found.set(`${ref.id}:${person.id}`, 'moderator');
      }
    }
  }
  return found;
}
