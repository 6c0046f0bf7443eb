export interface TopicChoiceRequest {
  // The ticket's subject and customer comments.
  text: string;
  topics: { name: string; description: string; examples: string[] }[];
}
