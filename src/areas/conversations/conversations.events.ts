import { EventEmitter } from 'node:events';
import type { FastifyInstance } from 'fastify';
import type { SubjectRef } from './conversations.policy.ts';

export interface PostCreatedEvent {
  subject: SubjectRef;
  postId: number;
  authorId: number;
  /**
   * The hub the post was written on (the conversations plugin's instance, so compare `app.db`).
   * One process can run several hubs (tests do) and this emitter is shared by all of them:
   * listen through onConversationEvent, which keeps to one hub.
   */
  app: FastifyInstance;
}

export interface PostDeletedEvent {
  subject: SubjectRef;
  postId: number;
  app: FastifyInstance;
}

/**
 * What happens in conversations, for areas that keep their own counters or activity (the
 * exchange bumps a pitch's reply count on 'post-created'). Emitted after the change has committed.
 * Prefer onConversationEvent to listening here directly.
 */
export const conversationEvents = new EventEmitter<{ 'post-created': [PostCreatedEvent]; 'post-deleted': [PostDeletedEvent] }>();
// Every hub in a process (tests run several) adds its listeners here.
conversationEvents.setMaxListeners(0);

export function emitSafely(app: FastifyInstance, ...event: ['post-created', PostCreatedEvent] | ['post-deleted', PostDeletedEvent]) {
  try {
    if (event[0] === 'post-created') conversationEvents.emit('post-created', event[1]);
    else conversationEvents.emit('post-deleted', event[1]);
  } catch (error) {
    // A listener's failure must not turn a saved post into an error page.
    app.log.error({ err: error }, `A listener of conversation event ${event[0]} failed`);
  }
}

type Events = { 'post-created': PostCreatedEvent; 'post-deleted': PostDeletedEvent };

/**
 * Listens to one hub's conversation events, for as long as that hub runs. The handler may be
 * async; its failures are logged, never thrown at the member who posted.
 *
 *   onConversationEvent(app, 'post-created', async ({ subject, postId, authorId }) => { ... });
 */
export function onConversationEvent<K extends keyof Events>(app: FastifyInstance, event: K, handler: (payload: Events[K]) => unknown) {
  const listener = (payload: Events[K]) => {
    if (payload.app.db !== app.db) return;
    Promise.resolve()
      .then(() => handler(payload))
      .catch((error: unknown) => app.log.error({ err: error }, `A listener of conversation event ${event} failed`));
  };
  (conversationEvents.on as (name: K, fn: typeof listener) => void)(event, listener);
  app.addHook('onClose', async () => {
    (conversationEvents.off as (name: K, fn: typeof listener) => void)(event, listener);
  });
}
