export abstract class Embedder {
  // Stored with every vector so that changing models never mixes spaces.
  abstract readonly model: string;
  abstract embed(texts: string[]): Promise<number[][]>;
}
