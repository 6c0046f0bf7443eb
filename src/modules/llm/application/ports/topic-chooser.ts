import { TopicChoiceRequest } from '../../domain/topic-choice';

export abstract class TopicChooser {
  // False for the offline chooser, which asks no model and chooses nothing.
  abstract readonly usesLlm: boolean;
  // Names of the request's topics the ticket is about; none is a valid answer.
  abstract choose(request: TopicChoiceRequest): Promise<string[]>;
}
