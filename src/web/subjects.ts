import type { RawBuilder } from 'kysely';
import type { Database } from '../db/database.ts';
import type { Viewer } from './context.ts';

export interface SubjectSummary {
  title: string;
  /** Path on this hub, e.g. /pitches/community-fridge. */
  url: string;
}

/**
 * A kind of thing that conversations, notifications, activity and search can be about: a pitch
 * now; groups, events and stories later. The area that owns the thing says who may see it, so
 * every other area asks it instead of knowing its tables — the one place its privacy rule lives.
 */
export interface SubjectType {
  type: string;
  /** Ids among `ids` that this viewer may see (null viewer: an anonymous visitor). */
  visibleIds(db: Database, viewer: Viewer | null, ids: number[]): Promise<Set<number>>;
  /** Whether the viewer may moderate conversations on the subject (e.g. the pitch's team). */
  canModerate(db: Database, viewer: Viewer | null, id: number): Promise<boolean>;
  /** Titles and addresses of the subjects, for links and emails. */
  describe(db: Database, ids: number[]): Promise<Map<number, SubjectSummary>>;
  /**
   * Whether a subject is visible to everyone, signed in or not: only such subjects appear in
   * public feeds, exports and federation.
   */
  isPublic(db: Database, ids: number[]): Promise<Set<number>>;
  /**
   * The same rule as visibleIds (built from the same policy function), as an SQL condition on a
   * subject id inside a query — e.g. a conversation's threads.subject_id — so that search can
   * filter and page in the database. Types without it are left out of search.
   */
  visibleWhere?(viewer: Viewer | null, id: RawBuilder<unknown>): RawBuilder<boolean>;
  /**
   * The subject whose page is at this path of the hub (the `url` describe gives, e.g.
   * /pitches/community-fridge), whoever may see it: the caller still asks isPublic or visibleIds.
   * Lets a member name a thing by pasting its address (nominating it for an award, say).
   */
  idFromPath?(db: Database, path: string): Promise<number | null>;
  /**
   * Which of these members have a stake in which of these subjects, and why (for a pitch: 'team'
   * for its team, 'organisation' for active members of one of its organisations). Awards use it
   * to find a panellist's conflicts of interest. Without it, those who may moderate the subject
   * as members count as having a stake.
   */
  stakeholders?(db: Database, ids: number[], userIds: number[]): Promise<{ id: number; userId: number; reason: string }[]>;
  /**
   * Whether posting in the subject's conversation makes the author follow it (hear of every later
   * post). Default true; a group says no, since each member chooses how they hear of its posts.
   */
  followOnPost?: boolean;
}

export class SubjectRegistry {
  private readonly types = new Map<string, SubjectType>();

  register(type: SubjectType) {
    if (this.types.has(type.type)) throw new Error(`Subject type "${type.type}" is registered twice.`);
    this.types.set(type.type, type);
  }

  get(type: string): SubjectType {
    const found = this.types.get(type);
    if (!found) throw new Error(`No subject type "${type}" is registered.`);
    return found;
  }

  has(type: string) {
    return this.types.has(type);
  }

  /** The types search can look into: those that can say in SQL who may see them. */
  searchable(): (SubjectType & Required<Pick<SubjectType, 'visibleWhere'>>)[] {
    return [...this.types.values()].filter((type): type is SubjectType & Required<Pick<SubjectType, 'visibleWhere'>> => type.visibleWhere !== undefined);
  }

  async canView(db: Database, viewer: Viewer | null, type: string, id: number): Promise<boolean> {
    if (!this.types.has(type)) return false;
    return (await this.get(type).visibleIds(db, viewer, [id])).has(id);
  }

  /** Keeps only the items whose subject this viewer may see, in their order. */
  async filterVisible<T extends { subject_type: string; subject_id: number }>(db: Database, viewer: Viewer | null, items: T[]): Promise<T[]> {
    const byType = new Map<string, number[]>();
    for (const item of items) byType.set(item.subject_type, [...(byType.get(item.subject_type) ?? []), item.subject_id]);
    const visible = new Map<string, Set<number>>();
    for (const [type, ids] of byType) {
      visible.set(type, this.types.has(type) ? await this.get(type).visibleIds(db, viewer, [...new Set(ids)]) : new Set());
    }
    return items.filter((item) => visible.get(item.subject_type)?.has(item.subject_id));
  }

  async describeAll(db: Database, items: { subject_type: string; subject_id: number }[]): Promise<Map<string, SubjectSummary>> {
    const byType = new Map<string, number[]>();
    for (const item of items) byType.set(item.subject_type, [...(byType.get(item.subject_type) ?? []), item.subject_id]);
    const result = new Map<string, SubjectSummary>();
    for (const [type, ids] of byType) {
      if (!this.types.has(type)) continue;
      for (const [id, summary] of await this.get(type).describe(db, [...new Set(ids)])) result.set(`${type}:${id}`, summary);
    }
    return result;
  }
}
