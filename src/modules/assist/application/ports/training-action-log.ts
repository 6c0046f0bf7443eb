import { TrainingAction, TrainingActionRecord } from '../../domain/training-action';

// The training page's memory: what reps did on each suggestion's page.
export abstract class TrainingActionLog {
  abstract record(action: TrainingActionRecord): Promise<TrainingAction>;
  // The rep says which topic the ticket really was: recorded, and the suggestion reports under it from now on.
  abstract reassignTopic(action: TrainingActionRecord, topicId: string): Promise<TrainingAction>;
  // Oldest first.
  abstract listForSuggestion(suggestionId: string): Promise<TrainingAction[]>;
}
