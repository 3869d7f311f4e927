import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { t } from '../../i18n/i18n.ts';
import { TextArea } from '../../web/components.tsx';
import { originsMax, pitchesAdaptedFrom, pitchOrigins, type LineageLink } from './lineage.ts';

/** The pitch form's "Adapted from" field: addresses of stories or pitches on this hub, one a line. */
export function OriginField({ value, error }: { value: unknown; error?: string | undefined }) {
  return (
    <TextArea
      name="adaptedFrom"
      label={t('stories.origin.field')}
      hint={t('stories.origin.hint', { max: originsMax })}
      value={value}
      error={error}
      rows={2}
      maxLength={originsMax * 301}
      optional
    />
  );
}

function LinkItem({ link }: { link: LineageLink }) {
  return (
    <li>
      <span safe>{`${link.type === 'pitch' ? t('stories.lineage.pitch') : t('stories.lineage.story')}: `}</span>
      <a href={link.url} safe>
        {link.title}
      </a>
      {link.note ? <span safe>{` – ${link.note}`}</span> : ''}
    </li>
  );
}

export function PitchLineage({ from, since }: { from: LineageLink[]; since: LineageLink[] }) {
  if (from.length === 0 && since.length === 0) return <></>;
  return (
    <section aria-labelledby="lineage-title">
      <h2 id="lineage-title" safe>
        {t('stories.lineage.title')}
      </h2>
      {from.length > 0 ? (
        <>
          <p safe>{t('stories.origin.from')}</p>
          <ul>
            {from.map((link) => (
              <LinkItem link={link} />
            ))}
          </ul>
        </>
      ) : (
        ''
      )}
      {since.length > 0 ? (
        <>
          <p safe>{t('stories.origin.since')}</p>
          <ul>
            {since.map((link) => (
              <LinkItem link={link} />
            ))}
          </ul>
        </>
      ) : (
        ''
      )}
    </section>
  );
}

/**
 * A section of a pitch's page: the stories and pitches it was adapted from, and the pitches adapted
 * from it since, each only if the viewer may see it. Nothing when there are none.
 */
export async function pitchLineageSection(app: FastifyInstance, request: FastifyRequest, _reply: FastifyReply, pitch: { id: number }): Promise<JSX.Element> {
  const [from, since] = await Promise.all([pitchOrigins(app, request.viewer, pitch.id), pitchesAdaptedFrom(app, request.viewer, pitch.id)]);
  return <PitchLineage from={from} since={since} />;
}
