import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface HubSettingsTable {
  id: Generated<number>;
  name: string;
  description: Generated<string>;
  created_at: Generated<Date>;
  /** Who may write and change hub-wide knowledge pages: every member, or administrators only. */
  knowledge_editing: Generated<'members' | 'admins'>;
}

export interface InstanceSecretsTable {
  name: string;
  value: string;
}

export interface UsersTable {
  id: Generated<number>;
  email: string;
  password_hash: string;
  display_name: string;
  handle: string;
  role: Generated<'admin' | 'member'>;
  status: Generated<'active' | 'suspended'>;
  suspended_reason: string | null;
  email_verified_at: NullableTimestamp;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  expires_at: Timestamp;
}

export interface EmailTokensTable {
  token_hash: string;
  user_id: number;
  purpose: 'verify-email' | 'reset-password';
  created_at: Generated<Date>;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
}

export interface EmailsTable {
  id: Generated<number>;
  recipient: string;
  subject: string;
  body_text: string;
  body_html: string | null;
  headers: ColumnType<Record<string, string>, string | undefined, string>;
  status: Generated<'queued' | 'sent' | 'failed' | 'outbox'>;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: Generated<Date>;
  sent_at: NullableTimestamp;
}

export type FieldVisibility = 'everyone' | 'members' | 'only-me';

export interface ProfileLink {
  label: string;
  url: string;
}

export interface ProfilesTable {
  user_id: number;
  bio: Generated<string>;
  photo: string | null;
  sector: string | null;
  roles: Generated<string[]>;
  place: Generated<string>;
  local_authority: string | null;
  interests: Generated<string[]>;
  skills: Generated<string>;
  needs: Generated<string>;
  links: ColumnType<ProfileLink[], string | undefined, string>;
  visibility: ColumnType<Record<string, FieldVisibility>, string | undefined, string>;
  search_everyone: ColumnType<string, string | undefined, string>;
  search_members: ColumnType<string, string | undefined, string>;
  updated_at: Generated<Date>;
}

export interface OrganisationsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  kind: string;
  size: string | null;
  place: Generated<string>;
  local_authority: string | null;
  website: string | null;
  description: Generated<string>;
  tags: Generated<string[]>;
  search: ColumnType<string, string | undefined, string>;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface OrganisationMembersTable {
  organisation_id: number;
  user_id: number;
  role: Generated<'admin' | 'member'>;
  status: Generated<'pending' | 'active'>;
  message: Generated<string>;
  created_at: Generated<Date>;
  decided_at: NullableTimestamp;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  token_prefix: string;
  created_at: Generated<Date>;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export type PitchKind = 'idea' | 'challenge' | 'project' | 'product' | 'service' | 'offer' | 'want';
export type PitchStage =
  | 'idea'
  | 'shaping'
  | 'seeking-partners'
  | 'seeking-funding'
  | 'funded'
  | 'delivering'
  | 'delivered'
  | 'replicated'
  | 'paused'
  | 'closed';
export type SignalKind = 'can-help' | 'would-use' | 'could-fund' | 'need-too' | 'follow';

export interface PitchesTable {
  id: Generated<number>;
  slug: string;
  kind: PitchKind;
  title: string;
  summary: Generated<string>;
  body: Generated<string>;
  terms: Generated<'free' | 'paid' | 'negotiable'>;
  price_min: number | null;
  price_max: number | null;
  budget: number | null;
  deadline: ColumnType<string | null, string | null | undefined, string | null>;
  stage: Generated<PitchStage>;
  status: Generated<'draft' | 'published'>;
  tags: Generated<string[]>;
  place: Generated<string>;
  local_authority: string | null;
  online: Generated<boolean>;
  links: ColumnType<ProfileLink[], string | undefined, string>;
  author_id: number | null;
  /**
   * Posted into this group: then seen only by those who may see the group's content. A group
   * cannot be deleted while pitches are in it: deleting one withdraws them first.
   */
  group_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** Hidden by a moderator: then seen only by its team, its moderators and administrators. */
  hidden_at: NullableTimestamp;
  hidden_reason: ColumnType<string | null, string | null | undefined, string | null>;
  hidden_by: ColumnType<number | null, number | null | undefined, number | null>;
  version: Generated<number>;
  search: ColumnType<string, string | undefined, string>;
  signal_count: Generated<number>;
  reply_count: Generated<number>;
  need_count: Generated<number>;
  last_activity_at: Generated<Date>;
  published_at: NullableTimestamp;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface PitchStageChangesTable {
  id: Generated<number>;
  pitch_id: number;
  stage: PitchStage;
  note: Generated<string>;
  changed_by: number | null;
  changed_at: Generated<Date>;
}

export interface PitchTeamTable {
  pitch_id: number;
  user_id: number;
  role: Generated<string>;
  is_lead: Generated<boolean>;
  added_at: Generated<Date>;
}

export interface PitchOrganisationsTable {
  pitch_id: number;
  organisation_id: number;
}

export interface PitchFilesTable {
  id: Generated<number>;
  pitch_id: number;
  kind: 'image' | 'attachment';
  original_name: string;
  stored_path: string;
  content_type: string;
  size_bytes: number;
  description: Generated<string>;
  uploaded_by: number | null;
  created_at: Generated<Date>;
}

export interface SignalsTable {
  id: Generated<number>;
  pitch_id: number;
  user_id: number;
  kind: SignalKind;
  note: Generated<string>;
  amount: number | null;
  organisation_id: number | null;
  created_at: Generated<Date>;
}

export interface ThreadsTable {
  id: Generated<number>;
  subject_type: string;
  subject_id: number;
  title: Generated<string>;
  created_by: number | null;
  post_count: Generated<number>;
  last_post_at: NullableTimestamp;
  created_at: Generated<Date>;
}

export interface PostsTable {
  id: Generated<number>;
  thread_id: number;
  parent_id: number | null;
  quote_of: number | null;
  author_id: number | null;
  body: string;
  search: ColumnType<string, string | undefined, string>;
  helpful: Generated<boolean>;
  created_at: Generated<Date>;
  edited_at: NullableTimestamp;
  deleted_at: NullableTimestamp;
  hidden_at: NullableTimestamp;
  hidden_reason: ColumnType<string | null, string | null | undefined, string | null>;
  hidden_by: ColumnType<number | null, number | null | undefined, number | null>;
}

export type FlagSubject = 'post' | 'member' | 'pitch' | 'knowledge-page' | 'story';

export interface FlagsTable {
  id: Generated<number>;
  subject_type: FlagSubject;
  subject_id: number;
  reporter_id: number | null;
  reason: string;
  status: Generated<'open' | 'resolved' | 'dismissed'>;
  created_at: Generated<Date>;
  resolved_by: number | null;
  resolved_at: NullableTimestamp;
}

export interface ModerationLogTable {
  id: Generated<number>;
  actor_id: number | null;
  action: string;
  subject_type: string;
  subject_id: number;
  reason: string | null;
  /** The group a member was removed from, for that action. */
  group_id: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: Generated<Date>;
}

export interface BlocksTable {
  blocker_id: number;
  blocked_id: number;
  created_at: Generated<Date>;
}

export interface PostRevisionsTable {
  id: Generated<number>;
  post_id: number;
  body: string;
  edited_by: number | null;
  edited_at: Generated<Date>;
}

export interface PostReactionsTable {
  post_id: number;
  user_id: number;
  reaction: string;
  created_at: Generated<Date>;
}

export interface PostMentionsTable {
  post_id: number;
  user_id: number;
}

export interface ThreadFollowersTable {
  thread_id: number;
  user_id: number;
  created_at: Generated<Date>;
}

export type NotificationDelivery = 'immediately' | 'daily' | 'weekly' | 'off';

export interface NotificationsTable {
  id: Generated<number>;
  user_id: number;
  kind: string;
  actor_id: number | null;
  subject_type: string;
  subject_id: number;
  text: string;
  url: string;
  created_at: Generated<Date>;
  read_at: NullableTimestamp;
  delivery: Generated<NotificationDelivery>;
  emailed_at: NullableTimestamp;
}

export interface NotificationPreferencesTable {
  user_id: number;
  kind: string;
  delivery: NotificationDelivery;
}

export interface ActivitiesTable {
  id: Generated<number>;
  verb: string;
  actor_id: number | null;
  subject_type: string;
  subject_id: number;
  summary: Generated<string>;
  created_at: Generated<Date>;
}

export type KnowledgeTemplate = 'case-study' | 'how-to' | 'meeting-notes';

export interface KnowledgePagesTable {
  id: Generated<number>;
  slug: string;
  title: string;
  current_revision_id: number | null;
  template: KnowledgeTemplate | null;
  search: ColumnType<string, string | undefined, string>;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  version: Generated<number>;
  /** The group whose wiki the page is in; null for hub-wide pages. */
  group_id: number | null;
  /** Hidden by a moderator: then seen only by its authors, its moderators and administrators. */
  hidden_at: NullableTimestamp;
  hidden_reason: ColumnType<string | null, string | null | undefined, string | null>;
  hidden_by: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface KnowledgeRevisionsTable {
  id: Generated<number>;
  page_id: number;
  number: number;
  title: string;
  body: string;
  summary: Generated<string>;
  author_id: number | null;
  created_at: Generated<Date>;
}

export interface KnowledgeLinksTable {
  from_page_id: number;
  to_slug: string;
}

export interface KnowledgeAttachmentsTable {
  id: Generated<number>;
  page_id: number;
  original_name: string;
  description: Generated<string>;
  /** Under the uploads folder, e.g. knowledge/Xb3….pdf; served only through a route that checks who asks. */
  stored_path: string;
  content_type: string;
  size_bytes: number;
  uploaded_by: number | null;
  created_at: Generated<Date>;
}

export interface GroupsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  purpose: Generated<string>;
  description: Generated<string>;
  welcome: Generated<string>;
  visibility: Generated<'open' | 'closed' | 'secret'>;
  tags: Generated<string[]>;
  place: Generated<string>;
  local_authority: string | null;
  parent_id: number | null;
  created_by: number | null;
  member_count: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface GroupMembersTable {
  group_id: number;
  user_id: number;
  role: Generated<'facilitator' | 'member'>;
  status: Generated<'active' | 'pending' | 'invited'>;
  created_at: Generated<Date>;
  /** When they became an active member; null while their request waits. */
  joined_at: NullableTimestamp;
  /** How they hear of new posts and pitches in the group. */
  notify: Generated<GroupNotify>;
}

export type GroupNotify = 'immediately' | 'daily' | 'off';

/** Something a group's facilitators pinned to the top of its page: a post or a pitch for now. */
export interface PinsTable {
  id: Generated<number>;
  group_id: number;
  subject_type: string;
  subject_id: number;
  pinned_by: number | null;
  pinned_at: Generated<Date>;
}

export interface GroupMessagesTable {
  id: Generated<number>;
  group_id: number;
  sender_id: number | null;
  subject: string;
  body: string;
  recipient_count: Generated<number>;
  created_at: Generated<Date>;
}

export interface GroupInvitationsTable {
  id: Generated<number>;
  group_id: number;
  email: string;
  token_hash: string;
  invited_by: number | null;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
  used_by: number | null;
}

export interface RateLimitsTable {
  key: string;
  hits: number;
  window_ends: Date;
}

export type EventKind = 'hack-day' | 'workshop' | 'meetup' | 'knowledge-jam' | 'open-conference' | 'webinar' | 'other';
export type EventAttendance = 'in-person' | 'online' | 'hybrid';
export type AttendeeListVisibility = 'everyone' | 'attendees' | 'hosts';

export interface EventsTable {
  id: Generated<number>;
  slug: string;
  kind: EventKind;
  title: string;
  summary: Generated<string>;
  description: Generated<string>;
  tags: Generated<string[]>;
  created_by: number | null;
  /** Hosted by this organisation (one the creator belongs to). */
  organisation_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** Hosted by this group: then seen only by those who may see the group's content. */
  group_id: ColumnType<number | null, number | null | undefined, number | null>;
  attendance: EventAttendance;
  /** Shown only to those going and to hosts. */
  online_url: Generated<string>;
  venue: Generated<string>;
  address: Generated<string>;
  access: Generated<string>;
  place: Generated<string>;
  local_authority: string | null;
  starts_at: Timestamp;
  ends_at: Timestamp;
  time_zone: Generated<string>;
  capacity: number | null;
  attendee_list: Generated<AttendeeListVisibility>;
  sequence: Generated<number>;
  cancelled_at: NullableTimestamp;
  cancel_reason: Generated<string>;
  reminded_at: NullableTimestamp;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface EventAttendeesTable {
  event_id: number;
  user_id: number;
  status: 'going' | 'waiting';
  joined_at: Generated<Date>;
  promoted_at: NullableTimestamp;
}

export interface CalendarTokensTable {
  user_id: number;
  token: string;
  created_at: Generated<Date>;
}

export type SessionFormat = 'talk' | 'discussion' | 'workshop' | 'demo' | 'panel' | 'other';
export type SessionStatus = 'proposed' | 'declined' | 'merged';

export interface EventSessionSettingsTable {
  event_id: number;
  enabled: boolean;
  proposals_open: Generated<boolean>;
  /** Votes each person may cast at the event; null for no limit. */
  vote_limit: number | null;
  updated_at: Generated<Date>;
}

export interface EventSessionsTable {
  id: Generated<number>;
  event_id: number;
  title: string;
  description: Generated<string>;
  /** Who leads it, as the proposer wrote it (a name, not necessarily a member). */
  leader: Generated<string>;
  format: SessionFormat;
  proposed_by: number | null;
  status: Generated<SessionStatus>;
  decline_reason: Generated<string>;
  merged_into: ColumnType<number | null, number | null | undefined, number | null>;
  /** Kept equal to its votes by a trigger on event_session_votes. */
  vote_count: Generated<number>;
  notes_page_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** Goes up with every change calendar apps should pick up. */
  sequence: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface EventSessionVotesTable {
  session_id: number;
  event_id: number;
  user_id: number;
  created_at: Generated<Date>;
}

export interface EventRoomsTable {
  id: Generated<number>;
  event_id: number;
  name: string;
  capacity: number | null;
  created_at: Generated<Date>;
}

export interface EventSlotsTable {
  id: Generated<number>;
  event_id: number;
  starts_at: Timestamp;
  ends_at: Timestamp;
}

export interface EventScheduleTable {
  event_id: number;
  room_id: number;
  slot_id: number;
  session_id: number;
  placed_at: Generated<Date>;
}

export interface EventSessionOutcomesTable {
  id: Generated<number>;
  session_id: number;
  body: string;
  added_by: number | null;
  created_at: Generated<Date>;
}

export type EventLinkType = 'pitch' | 'knowledge-page' | 'story';

export interface EventLinksTable {
  event_id: number;
  subject_type: EventLinkType;
  subject_id: number;
  linked_by: number | null;
  created_at: Generated<Date>;
}

/** Events whose sessions changed since their people were last told, and when to tell them. */
export interface EventScheduleChangesTable {
  event_id: number;
  due_at: Date;
  /** The host who changed something last: not told of their own decision. */
  changed_by: number | null;
}

export type SessionNoticeState = 'placed' | 'unplaced' | 'left-out' | 'declined' | 'merged';

/** What a session's proposer and voters were last told about it. */
export interface EventSessionNoticesTable {
  session_id: number;
  state: SessionNoticeState;
  room: Generated<string>;
  starts_at: Date | null;
  ends_at: Date | null;
  told_at: Generated<Date>;
}

/** A story nomination made from an event's page, linked to the event once it becomes a story. */
export interface EventNominationLinksTable {
  nomination_id: number;
  event_id: number;
  linked_by: number | null;
  created_at: Generated<Date>;
}

export type StoryStatus = 'draft' | 'published';
export type NominationStatus = 'unconfirmed' | 'waiting' | 'asked' | 'accepted' | 'declined';
export type EvidenceLevel = 'anecdote' | 'documented' | 'evaluated' | 'independently-evaluated';
export type TrialOutcome = 'worked' | 'partly' | 'did-not-work';
export type StoryInterestKind = 'interested' | 'trying';
export type VideoProvider = 'youtube' | 'vimeo' | 'peertube';

export interface StoryFacilitatorsTable {
  user_id: number;
  added_by: number | null;
  created_at: Generated<Date>;
}

export interface StoryVideoHostsTable {
  host: string;
  added_by: number | null;
  created_at: Generated<Date>;
}

export interface StoriesTable {
  id: Generated<number>;
  slug: string;
  title: string;
  summary: Generated<string>;
  body: Generated<string>;
  /** The people and organisations in the story, in words. */
  people: Generated<string>;
  place: Generated<string>;
  local_authority: string | null;
  tags: Generated<string[]>;
  /** A draft is seen only by its reporter, the people in it, story facilitators and administrators. */
  status: Generated<StoryStatus>;
  reporter_id: number | null;
  created_by: number | null;
  interested_count: Generated<number>;
  trying_count: Generated<number>;
  published_at: NullableTimestamp;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** Title (A), summary and tags (B), the story, its people and place (C); set by the stories area's commands. */
  search: ColumnType<string, string | undefined, string>;
  /** Hidden by a moderator: then seen only by its reporter, the people in it, story facilitators and administrators. */
  hidden_at: NullableTimestamp;
  hidden_reason: ColumnType<string | null, string | null | undefined, string | null>;
  hidden_by: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface StoryNominationsTable {
  id: Generated<number>;
  status: Generated<NominationStatus>;
  people: string;
  place: Generated<string>;
  local_authority: string | null;
  what: string;
  why: string;
  nominator_name: string;
  nominator_email: string;
  self_nomination: Generated<boolean>;
  nominator_id: number | null;
  confirm_token_hash: string | null;
  confirm_expires_at: NullableTimestamp;
  confirmed_at: NullableTimestamp;
  decline_reason: Generated<string>;
  decided_by: number | null;
  decided_at: NullableTimestamp;
  story_id: number | null;
  created_at: Generated<Date>;
}

export interface StoryNominationQuestionsTable {
  id: Generated<number>;
  nomination_id: number;
  question: string;
  asked_by: number | null;
  asked_at: Generated<Date>;
  token_hash: string | null;
  expires_at: Timestamp;
  answer: string | null;
  answered_at: NullableTimestamp;
}

export interface StoryPeopleTable {
  story_id: number;
  user_id: number;
  added_at: Generated<Date>;
}

export interface StoryClipsTable {
  story_id: number;
  kind: 'upload' | 'embed';
  title: Generated<string>;
  stored_path: string | null;
  content_type: string | null;
  size_bytes: number | null;
  duration_seconds: number | null;
  captions_path: string | null;
  provider: VideoProvider | null;
  embed_host: string | null;
  embed_id: string | null;
  added_by: number | null;
  created_at: Generated<Date>;
}

export interface StoryPhotosTable {
  id: Generated<number>;
  story_id: number;
  stored_path: string;
  content_type: string;
  alt: string;
  caption: Generated<string>;
  added_by: number | null;
  created_at: Generated<Date>;
}

export interface StoryInterviewTable {
  id: Generated<number>;
  story_id: number;
  question: string;
  answer: string;
  added_by: number | null;
  created_at: Generated<Date>;
}

export interface StoryInterestTable {
  story_id: number;
  user_id: number;
  kind: StoryInterestKind;
  organisation: Generated<string>;
  created_at: Generated<Date>;
}

export interface StoryRecipesTable {
  story_id: number;
  page_id: number;
  evidence_level: EvidenceLevel;
  evidence_note: Generated<string>;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface StoryTrialsTable {
  id: Generated<number>;
  story_id: number;
  organisation: string;
  place: Generated<string>;
  local_authority: string | null;
  /** The month it was tried, YYYY-MM. */
  tried_in: string;
  outcome: TrialOutcome;
  note: Generated<string>;
  recorded_by: number | null;
  created_at: Generated<Date>;
}

export interface AdaptedFromTable {
  subject_type: 'pitch' | 'story';
  subject_id: number;
  /** The source: a story, or (for a pitch) another pitch; exactly one of the two. */
  story_id: number | null;
  source_pitch_id: ColumnType<number | null, number | null | undefined, number | null>;
  note: Generated<string>;
  added_by: number | null;
  created_at: Generated<Date>;
}

export interface AwardRoundsTable {
  id: Generated<number>;
  slug: string;
  name: string;
  description: Generated<string>;
  /** Per cent of the combined score that comes from members' votes; panel_weight is the rest. */
  vote_weight: number;
  panel_weight: number;
  nominations_open_at: Timestamp;
  nominations_close_at: Timestamp;
  voting_open_at: Timestamp;
  voting_close_at: Timestamp;
  scoring_close_at: Timestamp;
  /** When the results are shown, unless an administrator publishes them earlier (published_at). */
  results_at: Timestamp;
  published_at: NullableTimestamp;
  published_by: ColumnType<number | null, number | null | undefined, number | null>;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface AwardCategoriesTable {
  id: Generated<number>;
  round_id: number;
  position: number;
  name: string;
  description: Generated<string>;
}

export interface AwardCriteriaTable {
  id: Generated<number>;
  round_id: number;
  position: number;
  name: string;
  description: Generated<string>;
  weight: number;
}

export interface AwardPanellistsTable {
  round_id: number;
  user_id: number;
  added_at: Generated<Date>;
}

export interface AwardNominationsTable {
  id: Generated<number>;
  round_id: number;
  category_id: number;
  /** A subject type (src/web/subjects.ts): 'pitch', or 'story' once stories exist. */
  subject_type: string;
  subject_id: number;
  nominated_by: number | null;
  created_at: Generated<Date>;
  withdrawn_at: NullableTimestamp;
  withdrawn_by: ColumnType<number | null, number | null | undefined, number | null>;
  withdrawn_reason: Generated<string>;
}

export interface AwardStatementsTable {
  id: Generated<number>;
  nomination_id: number;
  user_id: number;
  reason: string;
  created_at: Generated<Date>;
}

export interface AwardVotesTable {
  round_id: number;
  category_id: number;
  user_id: number;
  nomination_id: number;
  cast_at: Generated<Date>;
  changed_at: Generated<Date>;
}

export interface AwardDeclarationsTable {
  nomination_id: number;
  user_id: number;
  conflict: boolean;
  note: Generated<string>;
  declared_at: Generated<Date>;
}

export interface AwardScoresTable {
  nomination_id: number;
  criterion_id: number;
  user_id: number;
  score: number;
  scored_at: Generated<Date>;
}

export interface DB {
  hub_settings: HubSettingsTable;
  instance_secrets: InstanceSecretsTable;
  users: UsersTable;
  sessions: SessionsTable;
  email_tokens: EmailTokensTable;
  emails: EmailsTable;
  profiles: ProfilesTable;
  organisations: OrganisationsTable;
  organisation_members: OrganisationMembersTable;
  api_tokens: ApiTokensTable;
  pitches: PitchesTable;
  pitch_stage_changes: PitchStageChangesTable;
  pitch_team: PitchTeamTable;
  pitch_organisations: PitchOrganisationsTable;
  pitch_files: PitchFilesTable;
  signals: SignalsTable;
  threads: ThreadsTable;
  posts: PostsTable;
  post_revisions: PostRevisionsTable;
  flags: FlagsTable;
  moderation_log: ModerationLogTable;
  blocks: BlocksTable;
  rate_limits: RateLimitsTable;
  post_reactions: PostReactionsTable;
  post_mentions: PostMentionsTable;
  thread_followers: ThreadFollowersTable;
  notifications: NotificationsTable;
  notification_preferences: NotificationPreferencesTable;
  activities: ActivitiesTable;
  knowledge_pages: KnowledgePagesTable;
  knowledge_revisions: KnowledgeRevisionsTable;
  knowledge_links: KnowledgeLinksTable;
  knowledge_attachments: KnowledgeAttachmentsTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  group_invitations: GroupInvitationsTable;
  pins: PinsTable;
  group_messages: GroupMessagesTable;
  events: EventsTable;
  event_attendees: EventAttendeesTable;
  calendar_tokens: CalendarTokensTable;
  event_session_settings: EventSessionSettingsTable;
  event_sessions: EventSessionsTable;
  event_session_votes: EventSessionVotesTable;
  event_rooms: EventRoomsTable;
  event_slots: EventSlotsTable;
  event_schedule: EventScheduleTable;
  event_session_outcomes: EventSessionOutcomesTable;
  event_links: EventLinksTable;
  event_schedule_changes: EventScheduleChangesTable;
  event_session_notices: EventSessionNoticesTable;
  event_nomination_links: EventNominationLinksTable;
  story_facilitators: StoryFacilitatorsTable;
  story_video_hosts: StoryVideoHostsTable;
  stories: StoriesTable;
  story_nominations: StoryNominationsTable;
  story_nomination_questions: StoryNominationQuestionsTable;
  story_people: StoryPeopleTable;
  story_clips: StoryClipsTable;
  story_photos: StoryPhotosTable;
  story_interview: StoryInterviewTable;
  story_interest: StoryInterestTable;
  story_recipes: StoryRecipesTable;
  story_trials: StoryTrialsTable;
  adapted_from: AdaptedFromTable;
  award_rounds: AwardRoundsTable;
  award_categories: AwardCategoriesTable;
  award_criteria: AwardCriteriaTable;
  award_panellists: AwardPanellistsTable;
  award_nominations: AwardNominationsTable;
  award_statements: AwardStatementsTable;
  award_votes: AwardVotesTable;
  award_declarations: AwardDeclarationsTable;
  award_scores: AwardScoresTable;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
