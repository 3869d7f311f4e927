import { t } from '../../i18n/i18n.ts';
import type { MatchReason, MemberMatch, PitchMatch, PitchMatches } from './matching.queries.ts';

/** "shares tags: open data, adult social care · same area: Kirklees · mentions: reablement" */
export function reasonText(reason: MatchReason): string {
  switch (reason.kind) {
    case 'tags':
      return t('matches.reason.tags', { tags: reason.values.join(', ') });
    case 'interests':
      return t('matches.reason.interests', { tags: reason.values.join(', ') });
    case 'mentions':
      return t('matches.reason.mentions', { words: reason.values.join(', ') });
    case 'area':
      return t('matches.reason.area', { area: reason.name });
    case 'online':
      return t('matches.reason.online');
    case 'funder':
      return reason.organisation ? t('matches.reason.funderAt', { organisation: reason.organisation }) : t('matches.reason.funder');
  }
}

export function reasonsText(reasons: MatchReason[]): string {
  return reasons.map(reasonText).join(' · ');
}

function shortSummary(text: string): string {
  const plain = text.replace(/\s+/g, ' ').trim();
  return plain.length > 160 ? `${plain.slice(0, 157).trimEnd()}…` : plain;
}

function PitchItems({ pitches }: { pitches: PitchMatch[] }) {
  if (pitches.length === 0) return <p class="muted" safe>{t('matches.none')}</p>;
  return (
    <ul class="matches">
      {pitches.map((pitch) => (
        <li>
          <a href={`/pitches/${pitch.slug}`} safe>
            {pitch.title}
          </a>
          {pitch.summary ? <p class="user-text" safe>{shortSummary(pitch.summary)}</p> : ''}
          <p class="hint" safe>
            {reasonsText(pitch.reasons)}
          </p>
        </li>
      ))}
    </ul>
  );
}

function MemberItems({ members }: { members: MemberMatch[] }) {
  if (members.length === 0) return <p class="muted" safe>{t('matches.none')}</p>;
  return (
    <ul class="matches">
      {members.map((member) => (
        <li>
          <a href={`/members/${member.handle}`} safe>
            {member.name}
          </a>
          <p class="hint" safe>
            {reasonsText(member.reasons)}
          </p>
        </li>
      ))}
    </ul>
  );
}

/** The suggestions part of a pitch page. */
export function MatchesSection({ matches }: { matches: PitchMatches }) {
  return (
    <section id="matches" class="matches-section" aria-labelledby="matches-title">
      <h2 id="matches-title" safe>
        {t('matches.title')}
      </h2>
      <p class="hint" safe>
        {t('matches.intro')}
      </p>
      <h3 safe>{matches.direction === 'offers' ? t('matches.offers') : t('matches.needs')}</h3>
      <PitchItems pitches={matches.pitches} />
      <h3 safe>{t('matches.people')}</h3>
      <MemberItems members={matches.people} />
      <h3 safe>{t('matches.funders')}</h3>
      <MemberItems members={matches.funders} />
    </section>
  );
}

/** Pitches that fit the signed-in member, for the home page. */
export function MatchesList({ matches }: { matches: PitchMatch[] }) {
  return (
    <section class="matches-for-you" aria-labelledby="matches-for-you-title">
      <h2 id="matches-for-you-title" safe>
        {t('matches.forYou.title')}
      </h2>
      {matches.length === 0 ? (
        <p>
          <span safe>{t('matches.forYou.none')}</span>{' '}
          <a href="/settings/profile" safe>
            {t('matches.forYou.editProfile')}
          </a>
        </p>
      ) : (
        <>
          <p class="hint" safe>
            {t('matches.forYou.intro')}
          </p>
          <PitchItems pitches={matches} />
        </>
      )}
    </section>
  );
}
