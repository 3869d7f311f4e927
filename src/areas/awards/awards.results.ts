/**
 * The result of an awards round, worked out from the raw counts and scores and nothing else: no
 * database, no clock, no hub. The results page, its JSON and CSV all show what this returns.
 *
 * For each nominee in a category:
 * - vote share = its votes ÷ all votes cast in the category (0 when nobody voted);
 * - each panellist's weighted average = Σ (criterion weight × score) ÷ Σ criterion weights, on 0–10,
 *   for panellists without a conflict of interest who scored every criterion;
 * - panel score = the mean of those weighted averages ÷ 10, so 0–1 (none when nobody could score it,
 *   which counts as 0 in the combined score);
 * - combined score = vote weight × vote share + panel weight × panel score, the weights being the
 *   round's published percentages ÷ 100.
 * Nominees are ranked by combined score. When two are level, the higher panel score goes first;
 * then the one with more votes; then the one nominated first. Each decided tie is reported.
 */

export interface ResultsInput {
  /** Per cent of the combined score from members' votes, 0–100. */
  voteWeight: number;
  /** Per cent from the panel's scores; voteWeight + panelWeight = 100. */
  panelWeight: number;
  criteria: { id: number; weight: number }[];
  /** The panel, in the order that gives each its anonymous number (the first is "Panellist 1"). */
  panellists: number[];
  categories: { id: number; nominees: NomineeInput[] }[];
}

export interface NomineeInput {
  nominationId: number;
  /** Lower is earlier: the last tie-break. Usually the nomination id. */
  nominatedOrder: number;
  votes: number;
  /** Panellists with a conflict of interest with this nominee, declared or found. */
  conflicted: number[];
  scores: { userId: number; criterionId: number; score: number }[];
}

export type PanellistStatus = 'scored' | 'conflict' | 'incomplete' | 'not-scored';

export interface NomineeResult {
  nominationId: number;
  rank: number;
  winner: boolean;
  votes: number;
  voteShare: number;
  /** 0–1, or null when no panellist could score the nominee. */
  panelScore: number | null;
  combinedScore: number;
  /** Panellists whose scores count: no conflict, every criterion scored. */
  panellistsCounted: number;
  /** Panellists with a conflict of interest with this nominee. */
  conflicts: number;
  /** Mean score (0–10) for each criterion over the panellists counted; null when none. */
  criterionMeans: { criterionId: number; mean: number | null }[];
  /** Each panellist, by anonymous number, and their weighted average (0–10) when it counts. */
  panellistScores: { panellist: number; status: PanellistStatus; weightedAverage: number | null }[];
  /** When this nominee is level on combined score with the one below it: what put it above. */
  tieBreak: { over: number; rule: TieRule } | null;
}

export type TieRule = 'panel' | 'votes' | 'nominated-first';

export interface CategoryResult {
  categoryId: number;
  totalVotes: number;
  nominees: NomineeResult[];
}

/** Scores closer than this are equal: sums of fractions are not exact in floating point. */
const epsilon = 1e-9;

export function computeResults(input: ResultsInput): CategoryResult[] {
  const weightSum = input.criteria.reduce((sum, criterion) => sum + criterion.weight, 0);
  const panel = new Set(input.panellists);
  return input.categories.map((category) => {
    const totalVotes = category.nominees.reduce((sum, nominee) => sum + nominee.votes, 0);
    const unranked = category.nominees.map((nominee) => {
      const conflicted = new Set(nominee.conflicted.filter((id) => panel.has(id)));
      const byPanellist = new Map<number, Map<number, number>>();
      for (const row of nominee.scores) {
        if (!panel.has(row.userId) || conflicted.has(row.userId)) continue;
        if (!Number.isInteger(row.score) || row.score < 0 || row.score > 10) continue;
        let scores = byPanellist.get(row.userId);
        if (!scores) byPanellist.set(row.userId, (scores = new Map()));
        scores.set(row.criterionId, row.score);
      }
      const counted: { userId: number; scores: Map<number, number>; average: number }[] = [];
      const panellistScores = input.panellists.map((userId, index) => {
        if (conflicted.has(userId)) return { panellist: index + 1, status: 'conflict' as const, weightedAverage: null };
        const scores = byPanellist.get(userId);
        if (!scores || scores.size === 0) return { panellist: index + 1, status: 'not-scored' as const, weightedAverage: null };
        const complete = weightSum > 0 && input.criteria.every((criterion) => scores.has(criterion.id));
        if (!complete) return { panellist: index + 1, status: 'incomplete' as const, weightedAverage: null };
        const average = input.criteria.reduce((sum, criterion) => sum + criterion.weight * scores.get(criterion.id)!, 0) / weightSum;
        counted.push({ userId, scores, average });
        return { panellist: index + 1, status: 'scored' as const, weightedAverage: average };
      });
      const panelScore = counted.length === 0 ? null : counted.reduce((sum, c) => sum + c.average, 0) / counted.length / 10;
      const voteShare = totalVotes === 0 ? 0 : nominee.votes / totalVotes;
      const combinedScore = (input.voteWeight / 100) * voteShare + (input.panelWeight / 100) * (panelScore ?? 0);
      return {
        nominationId: nominee.nominationId,
        order: nominee.nominatedOrder,
        rank: 0,
        winner: false,
        votes: nominee.votes,
        voteShare,
        panelScore,
        combinedScore,
        panellistsCounted: counted.length,
        conflicts: conflicted.size,
        criterionMeans: input.criteria.map((criterion) => ({
          criterionId: criterion.id,
          mean: counted.length === 0 ? null : counted.reduce((sum, c) => sum + c.scores.get(criterion.id)!, 0) / counted.length,
        })),
        panellistScores,
        tieBreak: null as NomineeResult['tieBreak'],
      };
    });
    const ranked = [...unranked].sort((a, b) => compare(a, b).order);
    ranked.forEach((nominee, index) => {
      nominee.rank = index + 1;
      nominee.winner = index === 0;
      const next = ranked[index + 1];
      if (next && Math.abs(nominee.combinedScore - next.combinedScore) <= epsilon) {
        nominee.tieBreak = { over: next.nominationId, rule: compare(nominee, next).rule! };
      }
    });
    return {
      categoryId: category.id,
      totalVotes,
      nominees: ranked.map(({ order: _order, ...rest }) => rest),
    };
  });
}

interface Comparable {
  combinedScore: number;
  panelScore: number | null;
  votes: number;
  order: number;
  nominationId: number;
}

/** Negative when `a` goes first, with the rule that decided when the combined scores are level. */
function compare(a: Comparable, b: Comparable): { order: number; rule: TieRule | null } {
  if (Math.abs(a.combinedScore - b.combinedScore) > epsilon) return { order: b.combinedScore - a.combinedScore, rule: null };
  const panelA = a.panelScore ?? 0;
  const panelB = b.panelScore ?? 0;
  if (Math.abs(panelA - panelB) > epsilon) return { order: panelB - panelA, rule: 'panel' };
  if (a.votes !== b.votes) return { order: b.votes - a.votes, rule: 'votes' };
  return { order: a.order - b.order || a.nominationId - b.nominationId, rule: 'nominated-first' };
}

/** Numbers as the JSON and CSV give them: six decimal places are more than any choice needs. */
export function rounded(value: number): number;
export function rounded(value: number | null): number | null;
export function rounded(value: number | null): number | null {
  return value === null ? null : Math.round(value * 1e6) / 1e6;
}
