/**
 * Building a schedule from votes, and the clashes a schedule can have. Pure functions: the
 * commands read what they need, call these, and write the result under the event's lock.
 */

export interface GridRoom {
  id: number;
  capacity: number | null;
}

export interface GridSlot {
  id: number;
  startsAt: Date;
}

export interface Placement {
  sessionId: number;
  roomId: number;
  slotId: number;
}

export interface Candidate {
  id: number;
  votes: number;
  createdAt: Date;
  leader: string;
}

/** Leaders are compared as written, ignoring case and spacing; an empty name clashes with nobody. */
export function leaderKey(leader: string): string {
  return leader.trim().toLowerCase().replace(/\s+/g, ' ');
}

/** Largest rooms first (a room of unknown size after those with one), then in the order they were added. */
export function roomsBySize<R extends GridRoom>(rooms: R[]): R[] {
  return [...rooms].sort((a, b) => (b.capacity ?? -1) - (a.capacity ?? -1) || a.id - b.id);
}

/** Earliest first. */
export function slotsByTime<S extends GridSlot>(slots: S[]): S[] {
  return [...slots].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.id - b.id);
}

/** Most votes first; of equal votes, the one proposed first. */
export function byVotes<C extends Candidate>(sessions: C[]): C[] {
  return [...sessions].sort((a, b) => b.votes - a.votes || a.createdAt.getTime() - b.createdAt.getTime() || a.id - b.id);
}

/**
 * "Fill from votes": the sessions not yet placed, most voted first, each into the free cell
 * that comes first when the earliest slot is filled before the next and, within a slot, the
 * largest room before smaller ones. A session whose leader already leads one in a slot goes to
 * the next cell without that clash, if there is one. Placements already made stay where they
 * are. The same input always gives the same schedule.
 */
export function fillFromVotes(input: {
  rooms: GridRoom[];
  slots: GridSlot[];
  placed: (Placement & { leader: string })[];
  candidates: Candidate[];
}): Placement[] {
  const cells = slotsByTime(input.slots).flatMap((slot) => roomsBySize(input.rooms).map((room) => ({ roomId: room.id, slotId: slot.id })));
  const taken = new Set(input.placed.map((p) => `${p.roomId}:${p.slotId}`));
  const leadersIn = new Map<number, Set<string>>();
  const lead = (slotId: number, leader: string) => {
    const key = leaderKey(leader);
    if (!key) return;
    if (!leadersIn.has(slotId)) leadersIn.set(slotId, new Set());
    leadersIn.get(slotId)!.add(key);
  };
  for (const placement of input.placed) lead(placement.slotId, placement.leader);
  const placedIds = new Set(input.placed.map((p) => p.sessionId));
  const result: Placement[] = [];
  for (const session of byVotes(input.candidates.filter((c) => !placedIds.has(c.id)))) {
    const free = cells.filter((cell) => !taken.has(`${cell.roomId}:${cell.slotId}`));
    if (free.length === 0) break;
    const key = leaderKey(session.leader);
    const cell = free.find((c) => !key || !leadersIn.get(c.slotId)?.has(key)) ?? free[0]!;
    taken.add(`${cell.roomId}:${cell.slotId}`);
    lead(cell.slotId, session.leader);
    result.push({ sessionId: session.id, ...cell });
  }
  return result;
}

export interface Clash {
  slotId: number;
  leader: string;
  sessionIds: number[];
}

/** Leaders who lead two or more sessions in the same slot. */
export function leaderClashes(placed: (Placement & { leader: string })[]): Clash[] {
  const groups = new Map<string, Clash>();
  for (const placement of placed) {
    const key = leaderKey(placement.leader);
    if (!key) continue;
    const id = `${placement.slotId}|${key}`;
    const clash = groups.get(id) ?? { slotId: placement.slotId, leader: placement.leader.trim(), sessionIds: [] };
    clash.sessionIds.push(placement.sessionId);
    groups.set(id, clash);
  }
  return [...groups.values()].filter((clash) => clash.sessionIds.length > 1);
}

/** Whether two spans of time overlap (touching ends do not). */
export function overlaps(a: { startsAt: Date; endsAt: Date }, b: { startsAt: Date; endsAt: Date }): boolean {
  return a.startsAt.getTime() < b.endsAt.getTime() && b.startsAt.getTime() < a.endsAt.getTime();
}
