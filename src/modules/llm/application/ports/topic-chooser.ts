import { TopicChoiceRequest } from '../../domain/topic-choice';

export abstract class TopicChooser {
  // Names of the request's topics the ticket is about; none is a valid answer.
  abstract choose(request: TopicChoiceRequest): Promise<string[]>;
}
