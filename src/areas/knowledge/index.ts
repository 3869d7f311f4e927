// What other areas may use of the knowledge area.
export { groupKnowledgeSection } from './knowledge.section.tsx';
