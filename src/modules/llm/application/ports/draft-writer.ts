import { Draft, DraftRequest } from '../../domain/draft';

export abstract class DraftWriter {
  abstract write(request: DraftRequest): Promise<Draft>;
}
