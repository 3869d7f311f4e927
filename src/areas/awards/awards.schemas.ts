import { z } from 'zod';

// What the API publishes about awards. Responses pass through these schemas, which drop any field
// not named here. Votes are never given one by one, and no count, share or score appears before
// the results are out.

const stages = ['upcoming', 'nominating', 'shortlisted', 'voting', 'counting', 'results'] as const;

const dates = z.object({
  nominationsOpenAt: z.iso.datetime().describe('Nominations open (the start of a day, UK time)'),
  nominationsCloseAt: z.iso.datetime().describe('Nominations close (the end of a day, UK time); panel scoring opens then'),
  votingOpenAt: z.iso.datetime(),
  votingCloseAt: z.iso.datetime(),
  scoringCloseAt: z.iso.datetime().describe('Panel scoring closes'),
  resultsAt: z.iso.datetime().describe('Results are published'),
  publishedAt: z.iso.datetime().nullable().describe('When an administrator published the results early, if they did'),
});

const method = z.object({
  voteWeight: z.number().int().describe('Per cent of the combined score that comes from members’ votes'),
  panelWeight: z.number().int().describe('Per cent that comes from the panel’s scores'),
  formula: z.string().describe('How the combined score is worked out, in words'),
  tieBreak: z.string().describe('How nominees level on the combined score are ordered'),
});

export const roundSummarySchema = z.object({
  slug: z.string().describe('Identifier used in addresses'),
  name: z.string(),
  stage: z.enum(stages).describe('What is happening in the round now'),
  dates,
  voteWeight: z.number().int(),
  panelWeight: z.number().int(),
  url: z.string().describe('Address of the round’s page'),
  resultsUrl: z.string(),
});

const nomineeSchema = z.object({
  id: z.number().int().describe('The nomination’s number'),
  type: z.string().describe('Kind of thing nominated: pitch, or story'),
  title: z.string(),
  url: z.string().describe('Address of the pitch or story'),
  nominationUrl: z.string().describe('Address of the nomination, with the reasons given for it'),
  statements: z.number().int().describe('Members who gave a reason for it'),
});

export const roundSchema = roundSummarySchema.extend({
  description: z.string(),
  method,
  categories: z.array(
    z.object({
      id: z.number().int(),
      name: z.string(),
      description: z.string(),
      nominees: z.array(nomineeSchema).describe('Nominees everyone may see; withdrawn nominations are left out'),
    }),
  ),
  criteria: z.array(z.object({ name: z.string(), description: z.string(), weight: z.number().int().describe('Weight in the panellist’s weighted average') })),
  panel: z.array(z.object({ name: z.string(), handle: z.string(), url: z.string() })),
});

export const roundListSchema = z.object({
  rounds: z.array(roundSummarySchema),
  page: z.number().int(),
  nextPage: z.number().int().nullable().describe('Pass as ?page= for the next page; null on the last page'),
});

export const nominationSchema = nomineeSchema.extend({
  category: z.object({ id: z.number().int(), name: z.string() }),
  round: z.object({ slug: z.string(), name: z.string(), url: z.string() }),
  withdrawn: z.object({ at: z.iso.datetime(), reason: z.string() }).nullable(),
  reasons: z.array(z.object({ by: z.object({ name: z.string(), handle: z.string() }).nullable(), reason: z.string(), at: z.iso.datetime() })),
});

export const resultsSchema = z.object({
  round: z.object({ slug: z.string(), name: z.string(), url: z.string() }),
  published: z.boolean().describe('False until the results day (or an administrator publishes them); then categories is empty'),
  resultsAt: z.iso.datetime(),
  method,
  criteria: z.array(z.object({ id: z.number().int(), name: z.string(), weight: z.number().int() })),
  panelSize: z.number().int(),
  categories: z.array(
    z.object({
      id: z.number().int(),
      name: z.string(),
      totalVotes: z.number().int(),
      nominees: z.array(
        z.object({
          rank: z.number().int(),
          winner: z.boolean(),
          nominationId: z.number().int(),
          type: z.string(),
          title: z.string(),
          url: z.string(),
          votes: z.number().int(),
          voteShare: z.number().describe('Votes ÷ all votes in the category, 0–1'),
          panelScore: z.number().nullable().describe('Mean of the counted panellists’ weighted averages ÷ 10, 0–1; null when none could score'),
          combinedScore: z.number().describe('voteWeight/100 × voteShare + panelWeight/100 × panelScore (0 when null)'),
          panellistsCounted: z.number().int(),
          conflicts: z.number().int().describe('Panellists with a conflict of interest, declared or found, who did not score it'),
          criterionMeans: z.array(z.object({ criterionId: z.number().int(), mean: z.number().nullable().describe('0–10') })),
          panellistScores: z.array(
            z.object({
              panellist: z.number().int().describe('Anonymous number of the panellist, the same across the round'),
              status: z.enum(['scored', 'conflict', 'incomplete', 'not-scored']),
              weightedAverage: z.number().nullable().describe('0–10'),
            }),
          ),
          tieBreak: z.string().nullable().describe('When level with the next nominee on combined score, what put this one first'),
        }),
      ),
    }),
  ),
});

export type RoundSummaryJson = z.input<typeof roundSummarySchema>;
export type ResultsJson = z.input<typeof resultsSchema>;
