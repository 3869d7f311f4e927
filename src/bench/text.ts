/**
 * Plausible English for benchmark hubs, put together from the vocabulary about councils and
 * communities, so that full-text search meets the kind of text a real hub holds (varied words,
 * common ones far more often than rare ones) rather than lorem ipsum.
 */
import type { Random } from './random.ts';
import {
  closers,
  documents,
  findingsConnectors,
  months,
  openers,
  partners,
  periods,
  placeKinds,
  regions,
  seasons,
  teams,
  themes,
  type Theme,
} from './vocabulary.ts';

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const sentencePatterns = [
  'We are {doing} {thing} in {place} so that {people} can {outcome}.',
  'Our {team} has been {doing} {thing} with {partner} since {month} {year}.',
  'Has anyone tried {doing} {thing} in a {placeKind} area?',
  'The biggest barrier so far has been {barrier}.',
  'In {place} we found that {finding}.',
  'We would like to hear from {people} and from anyone working on {thing}.',
  'Happy to share our {document} on {thing} if it helps.',
  '{Number} {people} took part in the {period}.',
  'We need partners to help {people} {outcome} by {season}.',
  '{Connector} {finding}.',
  'We are looking at {thing} alongside {thing2}.',
  'Working with {partner} made {doing} {thing} much easier.',
  'Is there a good {document} for {thing} that we could reuse?',
  'The next step is {doing} {thing} in two more wards.',
  'Costs so far are about £{money}, mostly staff time.',
  'Once we get past {barrier}, {people} could {outcome}.',
  'What matters most to {people} is being able to {outcome}.',
  '{Partner} will help with {thing2} from {season}.',
  'From our {document}: {finding}.',
  'We started small, {doing} {thing} on one estate in {place}.',
];

/** Writes text about one theme, in one place; a new Writer (or a reseeded one) per item keeps runs repeatable. */
export class Writer {
  readonly random: Random;
  private readonly places: readonly string[];
  private readonly year: number;

  constructor(random: Random, places: readonly string[], year: number) {
    this.random = random;
    this.places = places;
    this.year = year;
  }

  theme(): Theme {
    return this.random.pick(themes);
  }

  place(): string {
    return this.random.pick(this.places);
  }

  /** Fills {placeholders}; capitalised names ({Thing}) start with a capital letter. */
  fill(pattern: string, theme: Theme, fixed: Record<string, string> = {}): string {
    const r = this.random;
    return pattern.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const key = name.charAt(0).toLowerCase() + name.slice(1);
      let value: string;
      if (key in fixed) value = fixed[key]!;
      else {
        switch (key) {
          case 'thing':
            value = r.pick(theme.things);
            break;
          case 'thing2':
            value = r.pick(r.pick(themes).things);
            break;
          case 'doing':
            value = r.pick(theme.doing);
            break;
          case 'people':
            value = r.pick(theme.people);
            break;
          case 'outcome':
            value = r.pick(theme.outcomes);
            break;
          case 'barrier':
            value = r.pick(theme.barriers);
            break;
          case 'finding':
            value = r.pick(theme.findings);
            break;
          case 'place':
            value = this.place();
            break;
          case 'region':
            value = r.pick(regions);
            break;
          case 'placeKind':
            value = r.pick(placeKinds);
            break;
          case 'partner':
            value = r.pick(partners);
            break;
          case 'document':
            value = r.pick(documents);
            break;
          case 'team':
            value = r.pick(teams);
            break;
          case 'period':
            value = r.pick(periods);
            break;
          case 'season':
            value = r.pick(seasons);
            break;
          case 'month':
            value = r.pick(months);
            break;
          case 'year':
            value = String(this.year - r.int(0, 3));
            break;
          case 'number':
            value = String(r.pick([12, 20, 35, 48, 60, 75, 120, 150, 240, 400]));
            break;
          case 'money':
            value = r.pick(['2,000', '4,500', '8,000', '12,000', '15,000', '25,000', '40,000', '60,000']);
            break;
          case 'connector':
            value = r.pick(findingsConnectors);
            break;
          case 'theme':
            value = theme.key;
            break;
          default:
            return whole;
        }
      }
      return name.charAt(0) === name.charAt(0).toUpperCase() ? capitalise(value) : value;
    });
  }

  sentence(theme: Theme): string {
    return capitalise(this.fill(this.random.pick(sentencePatterns), theme));
  }

  paragraph(theme: Theme, sentences: number): string {
    const parts: string[] = [];
    for (let i = 0; i < sentences; i++) parts.push(this.sentence(theme));
    return parts.join(' ');
  }

  /** A pitch's Markdown body: a few paragraphs, often a list of what is needed, sometimes a link. */
  pitchBody(theme: Theme): string {
    const r = this.random;
    const blocks = [this.paragraph(theme, r.int(2, 4))];
    if (r.chance(0.6)) {
      const items = r.sample(theme.things, r.int(2, 4)).map((thing) => `- ${capitalise(r.pick(theme.doing))} ${thing}`);
      blocks.push(`**What we need**\n\n${items.join('\n')}`);
    }
    blocks.push(this.paragraph(theme, r.int(1, 3)));
    if (r.chance(0.25)) blocks.push(`More in our [${r.pick(documents)}](https://example.org/${theme.key}/${r.int(100, 999)}).`);
    return blocks.join('\n\n');
  }

  summary(theme: Theme): string {
    return this.fill(this.random.pick(['{Doing} {thing} so that {people} can {outcome}.', 'A {placeKind} approach to {thing} with {partner}.', 'Helping {people} {outcome}.', '{Thing}, {doing} it with {people} in {place}.']), theme);
  }

  /** A conversation post: short, sometimes greeting the person answered, sometimes a list. */
  postBody(theme: Theme, answering: string | null, mention: string | null): string {
    const r = this.random;
    const parts: string[] = [];
    if (answering && r.chance(0.3)) parts.push(`Thanks ${answering}.`);
    else if (r.chance(0.4)) parts.push(r.pick(openers));
    parts.push(this.paragraph(theme, r.int(1, 3)));
    if (mention) parts.push(`@${mention} might know more about ${r.pick(theme.things)}.`);
    if (r.chance(0.08)) parts.push(`\n\n- ${capitalise(r.pick(theme.things))}\n- ${capitalise(r.pick(theme.things))}`);
    if (r.chance(0.35)) parts.push(r.pick(closers));
    return parts.join(' ').replace(/ \n\n/g, '\n\n');
  }

  bio(theme: Theme, jobTitle: string, place: string): string {
    const r = this.random;
    const title = /(for|in)$/.test(jobTitle) ? `${jobTitle} ${place}` : `${jobTitle} in ${place}`;
    return `${title}. ${this.fill(r.pick(['Working on {thing} and {thing2}.', 'Interested in {thing} and how {people} can {outcome}.', 'I help {people} {outcome}.', 'Currently {doing} {thing} with {partner}.']), theme)}`;
  }

  /** A knowledge page in Markdown: headings, lists and [[links]] to other pages. */
  knowledgeBody(theme: Theme, links: readonly string[]): string {
    const r = this.random;
    const blocks = [this.paragraph(theme, r.int(2, 4))];
    blocks.push(`## ${capitalise(r.pick(['background', 'what we did', 'why it matters', 'the problem']))}`, this.paragraph(theme, r.int(2, 5)));
    const steps = r.int(3, 6);
    const list: string[] = [];
    for (let i = 1; i <= steps; i++) list.push(`${i}. ${capitalise(this.fill('{doing} {thing}', theme))}`);
    blocks.push(`## ${capitalise(r.pick(['steps', 'what worked', 'lessons', 'checklist']))}`, list.join('\n'));
    blocks.push(this.paragraph(theme, r.int(1, 3)));
    if (links.length > 0) blocks.push(`See also: ${links.map((link) => `[[${link}]]`).join(', ')}.`);
    return blocks.join('\n\n');
  }
}
