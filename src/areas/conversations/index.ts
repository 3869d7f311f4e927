/**
 * Conversations: threaded posts on any subject registered in app.subjects (a pitch now; groups,
 * events and stories later). Nothing here knows what a subject is beyond what its type tells.
 */
export { conversationSection } from './conversations.section.tsx';
export { conversationEvents, onConversationEvent, type PostCreatedEvent, type PostDeletedEvent } from './conversations.events.ts';
export { answeredPosts, postCountFor, unansweredPosts, type UnansweredPost } from './conversations.queries.ts';
export { followConversation } from './conversations.commands.ts';
export { conversationsArea } from './conversations.routes.tsx';
