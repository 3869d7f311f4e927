/**
 * The result computation on its own, with numbers worked out by hand: shares, weighted averages,
 * conflicts and unfinished scoring, every tie-break rule, and the edge cases (no votes, no panel).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { computeResults, rounded, type NomineeInput, type ResultsInput } from './awards.results.ts';

const criteria = [
  { id: 1, weight: 3 },
  { id: 2, weight: 1 },
];

/** Scores for panellist `userId`: [criterion 1, criterion 2]. */
function scored(userId: number, [a, b]: [number, number]) {
  return [
    { userId, criterionId: 1, score: a },
    { userId, criterionId: 2, score: b },
  ];
}

function nominee(nominationId: number, votes: number, scores: NomineeInput['scores'] = [], conflicted: number[] = []): NomineeInput {
  return { nominationId, nominatedOrder: nominationId, votes, conflicted, scores };
}

function run(nominees: NomineeInput[], extra: Partial<ResultsInput> = {}) {
  return computeResults({ voteWeight: 40, panelWeight: 60, criteria, panellists: [10, 20, 30], categories: [{ id: 1, nominees }], ...extra })[0]!;
}

const close = (actual: number | null, expected: number) => assert.ok(actual !== null && Math.abs(actual - expected) < 1e-12, `${actual} ≈ ${expected}`);

describe('computeResults', () => {
  test('vote share, weighted averages, panel score and combined score', () => {
    const result = run([
      // Panellist 10: (3×8 + 1×4)/4 = 7; panellist 20: (3×6 + 1×10)/4 = 7; panellist 30: (3×10+1×2)/4 = 8.
      nominee(1, 6, [...scored(10, [8, 4]), ...scored(20, [6, 10]), ...scored(30, [10, 2])]),
      // Only panellist 20 counts: 10 has a conflict, 30 did not finish. (3×5 + 1×5)/4 = 5.
      nominee(2, 2, [...scored(10, [9, 9]), ...scored(20, [5, 5]), { userId: 30, criterionId: 1, score: 9 }], [10]),
    ]);
    assert.equal(result.totalVotes, 8);
    const [first, second] = result.nominees as [(typeof result.nominees)[0], (typeof result.nominees)[0]];
    assert.equal(first.nominationId, 1);
    close(first.voteShare, 6 / 8);
    close(first.panelScore, (7 + 7 + 8) / 3 / 10);
    close(first.combinedScore, 0.4 * 0.75 + 0.6 * (22 / 30));
    assert.equal(first.panellistsCounted, 3);
    assert.equal(first.conflicts, 0);
    assert.deepEqual(
      first.criterionMeans.map((m) => rounded(m.mean)),
      [8, rounded(16 / 3)],
    );
    assert.deepEqual(
      first.panellistScores.map((p) => [p.panellist, p.status, p.weightedAverage]),
      [
        [1, 'scored', 7],
        [2, 'scored', 7],
        [3, 'scored', 8],
      ],
    );
    assert.ok(first.winner);
    assert.equal(first.rank, 1);

    close(second.voteShare, 0.25);
    close(second.panelScore, 0.5);
    close(second.combinedScore, 0.4 * 0.25 + 0.6 * 0.5);
    assert.equal(second.panellistsCounted, 1);
    assert.equal(second.conflicts, 1);
    assert.deepEqual(
      second.panellistScores.map((p) => p.status),
      ['conflict', 'scored', 'incomplete'],
    );
    assert.equal(second.winner, false);
    assert.equal(first.tieBreak, null);
  });

  test('scores of conflicted panellists, of people not on the panel and out of range never count', () => {
    const result = run([nominee(1, 0, [...scored(10, [10, 10]), ...scored(99, [10, 10]), { userId: 20, criterionId: 1, score: 11 }, { userId: 20, criterionId: 2, score: 5 }], [10])]);
    const only = result.nominees[0]!;
    assert.equal(only.panelScore, null);
    assert.equal(only.panellistsCounted, 0);
    assert.equal(only.combinedScore, 0);
    assert.deepEqual(
      only.panellistScores.map((p) => p.status),
      ['conflict', 'incomplete', 'not-scored'],
    );
  });

  test('no votes at all: every share is 0; no panel weight: the votes decide', () => {
    const quiet = run([nominee(1, 0, scored(10, [4, 4])), nominee(2, 0, scored(10, [8, 8]))]);
    assert.deepEqual(
      quiet.nominees.map((n) => [n.nominationId, n.voteShare]),
      [
        [2, 0],
        [1, 0],
      ],
    );
    const votesOnly = run([nominee(1, 1), nominee(2, 3)], { voteWeight: 100, panelWeight: 0, criteria: [], panellists: [] });
    assert.deepEqual(
      votesOnly.nominees.map((n) => [n.nominationId, n.combinedScore]),
      [
        [2, 0.75],
        [1, 0.25],
      ],
    );
  });

  test('ties: the higher panel score first, then more votes, then the one nominated first; each is explained', () => {
    // 40/60 weights. Nominee 1: share 0.6, panel 0.4 → 0.24 + 0.24 = 0.48.
    // Nominee 2: share 0.3, panel 0.6 → 0.12 + 0.36 = 0.48: level; the higher panel score wins.
    const byPanel = run(
      [nominee(1, 6, scored(10, [4, 4])), nominee(2, 3, scored(10, [6, 6])), nominee(3, 1, scored(10, [0, 0]))],
      { panellists: [10] },
    );
    assert.deepEqual(
      byPanel.nominees.map((n) => n.nominationId),
      [2, 1, 3],
    );
    assert.deepEqual(byPanel.nominees[0]!.tieBreak, { over: 1, rule: 'panel' });
    assert.equal(byPanel.nominees[1]!.tieBreak, null);

    // Same combined and panel scores, different votes: impossible with both weights above zero, so
    // with the panel alone: the one with more votes comes first.
    const byVotes = run([nominee(1, 1, scored(10, [5, 5])), nominee(2, 4, scored(10, [5, 5]))], { voteWeight: 0, panelWeight: 100, panellists: [10] });
    assert.deepEqual(
      byVotes.nominees.map((n) => n.nominationId),
      [2, 1],
    );
    assert.deepEqual(byVotes.nominees[0]!.tieBreak, { over: 1, rule: 'votes' });

    // All level: the one nominated first, whatever order they come in.
    const byOrder = run([nominee(7, 2, scored(10, [5, 5])), nominee(3, 2, scored(10, [5, 5]))], { panellists: [10] });
    assert.deepEqual(
      byOrder.nominees.map((n) => n.nominationId),
      [3, 7],
    );
    assert.deepEqual(byOrder.nominees[0]!.tieBreak, { over: 7, rule: 'nominated-first' });
    assert.ok(byOrder.nominees[0]!.winner);
  });

  test('sums that are equal on paper are equal in floating point too', () => {
    // 4 votes in all. Nominee 1: no votes, panel 0.5 → 0.6 × 0.5 = 0.3. Nominee 2: 3 votes, no
    // panel score → 0.4 × 0.75 = 0.30000000000000004 in floating point: the same on paper, so a
    // tie, decided by the panel score.
    const result = run([nominee(1, 0, scored(10, [5, 5])), nominee(2, 3), nominee(3, 1)], { panellists: [10] });
    assert.notEqual(result.nominees[0]!.combinedScore, result.nominees[1]!.combinedScore, 'floating point differs');
    assert.deepEqual(
      result.nominees.map((n) => n.nominationId),
      [1, 2, 3],
    );
    assert.deepEqual(result.nominees[0]!.tieBreak, { over: 2, rule: 'panel' });
  });

  test('rounded gives six decimal places and keeps null', () => {
    assert.equal(rounded(2 / 3), 0.666667);
    assert.equal(rounded(null), null);
  });
});
